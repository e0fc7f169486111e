package io.countersign.server.notification;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.notification.Receiver.Call;
import io.countersign.server.shared.webhook.WebhookSignature;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static io.countersign.server.approval.ApprovalFixture.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notices reach real receivers on loopback (a JDK HTTP server for the generic and Slack
 * webhooks, GreenMail for SMTP) on PostgreSQL: signed, with the request's link and
 * nothing that decides; one receiver fails twice before it recovers and one hangs past
 * the timeout, and neither holds up the approval or the other channels, nor is anything
 * lost. The inbox shows each person what concerns them and nobody else.
 */
class NotificationDeliveryTest extends PostgresApplicationTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String PUBLIC_URL = "https://countersign.example.test";

	static final CountDownLatch SLOW_RELEASE = new CountDownLatch(1);

	static Receiver receiver;

	static GreenMail mail;

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	ApprovalFixture approvals;

	NotificationFixture notifications;

	@DynamicPropertySource
	static void receivers(DynamicPropertyRegistry registry) throws IOException {
		receiver = Receiver.start()
			.answering("/hook", (n) -> 204)
			.answering("/slack", (n) -> 200)
			.answering("/flaky", (n) -> (n < 2) ? 500 : 200)
			.holding("/slow", SLOW_RELEASE);
		mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		mail.start();
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> mail.getSmtp().getPort());
		registry.add("countersign.notifications.public-url", () -> PUBLIC_URL);
		registry.add("countersign.notifications.mail-from", () -> "countersign@example.test");
		registry.add("countersign.notifications.interval", () -> "100ms");
		registry.add("countersign.notifications.timeout", () -> "1s");
		registry.add("countersign.notifications.retry-first", () -> "200ms");
		registry.add("countersign.notifications.retry-ceiling", () -> "1s");
	}

	@AfterAll
	static void stopReceivers() {
		SLOW_RELEASE.countDown();
		receiver.close();
		mail.stop();
	}

	@BeforeEach
	void fixtures() {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		this.approvals = new ApprovalFixture(admin);
		this.notifications = new NotificationFixture(admin);
	}

	@Test
	void everyChannelGetsItsNoticeWhileOneReceiverHangsAndAnotherFailsFirst() throws Exception {
		String type = ApprovalFixture.actionType("secret.rotate");
		ApprovalFixture.policy(this.book, this.transaction, type, "2 of approver");
		Person ivan = this.approvals.person("ivan", "operator");
		Person alice = this.approvals.person("alice", "approver");
		Person bob = this.approvals.person("bob", "approver");
		Person carol = this.approvals.person("carol", "operator");
		this.notifications.email(ivan.name(), ivan.name() + "@example.test");
		this.notifications.email(alice.name(), alice.name() + "@example.test");
		String hook = this.notifications.channel("ops hook", "webhook", receiver.url("/hook"),
				Optional.of(NotificationFixture.SECRET));
		String slack = this.notifications.channel("ops slack", "slack", receiver.url("/slack"), Optional.empty(),
				"approval.requested", "approval.approved");
		String flaky = this.notifications.channel("flaky hook", "webhook", receiver.url("/flaky"),
				Optional.of(NotificationFixture.SECRET), "approval.requested");
		String slow = this.notifications.channel("slow slack", "slack", receiver.url("/slow"), Optional.empty(),
				"approval.requested");
		this.notifications.channel("team list", "email", "approvers-" + type + "@example.test", Optional.empty(),
				"approval.requested");

		// the request opens although the slow receiver will hang on its notice
		String id = this.approvals.open(ivan, type, "{\"secret\":\"db-primary\"}").get("id").asString();
		String link = PUBLIC_URL + "/ui/approvals/" + id;

		// every other channel gets its notice while the slow receiver still holds its
		// call
		await().atMost(Duration.ofSeconds(30)).until(() -> !calls("/slow", id).isEmpty());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !calls("/hook", id).isEmpty() && !calls("/slack", id).isEmpty()
					&& mailsTo(alice.name() + "@example.test").size() == 1
					&& mailsTo("approvers-" + type + "@example.test").size() == 1);
		assertThat(SLOW_RELEASE.getCount()).as("the slow receiver is still hanging").isEqualTo(1);

		// the generic webhook: signed over the exact body, with the link and no way to
		// decide
		Call call = calls("/hook", id).get(0);
		byte[] secret = NotificationFixture.SECRET.getBytes(StandardCharsets.UTF_8);
		assertThat(WebhookSignature.verify(secret, call.signature(), call.body(), Instant.now(), Duration.ofMinutes(5)))
			.as("the signature verifies with the channel's secret")
			.isTrue();
		assertThat(WebhookSignature.verify("another-secret-0123456789".getBytes(StandardCharsets.UTF_8),
				call.signature(), call.body(), Instant.now(), Duration.ofMinutes(5)))
			.isFalse();
		JsonNode body = JSON.readTree(call.text());
		assertThat(body.get("event").asString()).isEqualTo("approval.requested");
		assertThat(call.event()).isEqualTo("approval.requested");
		assertThat(body.get("deliveryId").asString()).isEqualTo(call.deliveryId());
		assertThat(body.get("link").asString()).isEqualTo(link);
		assertThat(body.get("request").get("actionType").asString()).isEqualTo(type);
		assertThat(body.get("request").get("initiator").asString()).isEqualTo(ivan.name());
		assertThat(call.text()).doesNotContain("/decisions").doesNotContain("/api/v1/approvals");

		// the Slack format: text with the link, and a block
		JsonNode slackBody = JSON.readTree(calls("/slack", id).get(0).text());
		assertThat(slackBody.get("text").asString()).contains("<" + link + "|Open in Countersign>").contains(type);
		assertThat(slackBody.get("blocks").get(0).get("text").get("text").asString()).contains(link)
			.contains("sign-in required");

		// e-mail to the approver with an address and to the team list; none to the
		// initiator
		MimeMessage toAlice = mailsTo(alice.name() + "@example.test").get(0);
		assertThat(toAlice.getSubject()).contains(type).contains("needs your decision");
		assertThat(toAlice.getFrom()[0].toString()).isEqualTo("countersign@example.test");
		assertThat(toAlice.getContent().toString()).contains(link).doesNotContain("/decisions");
		assertThat(mailsTo(ivan.name() + "@example.test")).isEmpty();

		// the inbox: the approvers, not the initiator, not a bystander
		for (Person approver : List.of(alice, bob)) {
			List<JsonNode> items = NotificationFixture.inbox(approver.api(), id);
			assertThat(items).as(approver.name()).hasSize(1);
			assertThat(items.get(0).get("event").asString()).isEqualTo("approval.requested");
			assertThat(items.get(0).get("link").asString()).isEqualTo(link);
			assertThat(items.get(0).get("read").asBoolean()).isFalse();
		}
		assertThat(NotificationFixture.inbox(ivan.api(), id)).isEmpty();
		assertThat(NotificationFixture.inbox(carol.api(), id)).isEmpty();

		// deciding is not held up by the hanging receiver either
		assertThat(this.approvals.decide(alice, id, Verdict.APPROVE, "Looks right").statusCode()).isEqualTo(201);
		HttpResponse<String> second = this.approvals.decide(bob, id, Verdict.APPROVE, "Agreed with on-call");
		assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
		assertThat(ApiClient.json(second).get("state").asString()).isEqualTo("APPROVED");
		assertThat(SLOW_RELEASE.getCount()).as("the slow receiver is still hanging").isEqualTo(1);

		// the outcome reaches the initiator: inbox, e-mail and the channels that want it
		await().atMost(Duration.ofSeconds(30))
			.until(() -> NotificationFixture.inbox(ivan.api(), id).size() == 1
					&& mailsTo(ivan.name() + "@example.test").size() == 1
					&& calls("/hook", id).stream().anyMatch((made) -> "approval.approved".equals(made.event())));
		JsonNode approved = NotificationFixture.inbox(ivan.api(), id).get(0);
		assertThat(approved.get("event").asString()).isEqualTo("approval.approved");
		assertThat(mailsTo(ivan.name() + "@example.test").get(0).getSubject()).contains("was approved");
		assertThat(NotificationFixture.inbox(alice.api(), id)).as("the approvers hear of no outcome").hasSize(1);

		// the failing receiver: retried with backoff until it answers, the attempts
		// visible
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.notifications.delivery(flaky, id, "approval.requested")
				.map((delivery) -> "delivered".equals(delivery.get("status").asString()))
				.orElse(false));
		JsonNode recovered = this.notifications.delivery(flaky, id, "approval.requested").orElseThrow();
		assertThat(recovered.get("attempts").asInt()).isEqualTo(3);
		assertThat(recovered.get("lastError").asString()).isEqualTo("HTTP 500");
		assertThat(calls("/flaky", id)).hasSize(3);
		assertThat(calls("/flaky", id).stream().map(Call::deliveryId).distinct()).hasSize(1);

		// the hanging receiver: its attempts time out and stay pending, then it is
		// delivered
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.notifications.delivery(slow, id, "approval.requested")
				.map((delivery) -> delivery.path("lastError").asString("").startsWith("timed out"))
				.orElse(false));
		JsonNode waiting = this.notifications.delivery(slow, id, "approval.requested").orElseThrow();
		assertThat(waiting.get("status").asString()).isEqualTo("pending");
		assertThat(waiting.has("nextAttemptAt")).isTrue();
		SLOW_RELEASE.countDown();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.notifications.delivery(slow, id, "approval.requested")
				.map((delivery) -> "delivered".equals(delivery.get("status").asString()))
				.orElse(false));
		assertThat(this.notifications.delivery(slow, id, "approval.requested").orElseThrow().get("attempts").asInt())
			.isGreaterThan(1);

		// everything else was delivered at the first attempt
		for (String channel : List.of(hook, slack)) {
			assertThat(this.notifications.deliveries(channel, id)).allSatisfy((delivery) -> {
				assertThat(delivery.get("status").asString()).isEqualTo("delivered");
				assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
			});
		}

		// reading the inbox: one's own items only
		String item = approved.get("id").asString();
		assertThat(alice.api().send("POST", "/api/v1/me/inbox/" + item + "/read").statusCode()).isEqualTo(404);
		assertThat(ivan.api().send("POST", "/api/v1/me/inbox/" + item + "/read").statusCode()).isEqualTo(204);
		assertThat(NotificationFixture.inbox(ivan.api(), id).get(0).get("read").asBoolean()).isTrue();
		JsonNode unread = ApiClient.json(ivan.api().get("/api/v1/me/inbox?unread=true"));
		List<String> unreadIds = new java.util.ArrayList<>();
		unread.get("items").forEach((node) -> unreadIds.add(node.get("id").asString()));
		assertThat(unreadIds).doesNotContain(item);
	}

	@Test
	void deliveriesAreForThoseWhoManageNotifications() {
		Person alice = this.approvals.person("alice", "approver");
		HttpResponse<String> refused = alice.api().get("/api/v1/notification-deliveries");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(code(refused)).isEqualTo("ERR_PERMISSION_DENIED");
		HttpResponse<String> badStatus = this.approvals.admin().get("/api/v1/notification-deliveries?status=lost");
		assertThat(badStatus.statusCode()).isEqualTo(400);
		assertThat(code(badStatus)).isEqualTo("ERR_VALIDATION");
	}

	private static List<Call> calls(String path, String requestId) {
		return receiver.calls(path).stream().filter((call) -> call.text().contains(requestId)).toList();
	}

	private static List<MimeMessage> mailsTo(String address) {
		return Arrays.stream(mail.getReceivedMessages()).filter((message) -> {
			try {
				return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
					.anyMatch((to) -> to.toString().equals(address));
			}
			catch (jakarta.mail.MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

}
