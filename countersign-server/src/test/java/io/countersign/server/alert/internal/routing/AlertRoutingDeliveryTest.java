package io.countersign.server.alert.internal.routing;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.countersign.server.alert.AlertClosed;
import io.countersign.server.alert.AlertRaised;
import io.countersign.server.alert.Severity;
import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.notification.Receiver;
import io.countersign.server.notification.Receiver.Call;
import io.countersign.server.shared.webhook.WebhookSignature;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.MutableClock;
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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static io.countersign.server.alert.internal.routing.AlertRoutingFixture.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerts reach real receivers on loopback through the notification channels (a JDK HTTP
 * server for the generic and Slack-compatible webhooks, GreenMail for SMTP) on
 * PostgreSQL: the route of the alert's severity is notified with signed, retried
 * deliveries and inbox items for the holders of its roles; an alert nobody acknowledges
 * escalates once to the second route, and one acknowledged in time does not. The alert
 * engine's events are published here as it publishes them, inside a transaction.
 */
@Import(MutableClock.Configuration.class)
class AlertRoutingDeliveryTest extends PostgresApplicationTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String PUBLIC_URL = "https://countersign.example.test";

	static Receiver receiver;

	static GreenMail mail;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	EscalatingAlerts escalating;

	@Autowired
	MutableClock clock;

	ApprovalFixture people;

	AlertRoutingFixture routing;

	@DynamicPropertySource
	static void receivers(DynamicPropertyRegistry registry) throws IOException {
		receiver = Receiver.start()
			.answering("/hook", (n) -> 204)
			.answering("/slack", (n) -> 200)
			.answering("/flaky", (n) -> (n == 0) ? 503 : 200)
			.answering("/escalate", (n) -> 204);
		mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		mail.start();
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> mail.getSmtp().getPort());
		registry.add("countersign.notifications.public-url", () -> PUBLIC_URL);
		registry.add("countersign.notifications.interval", () -> "100ms");
		registry.add("countersign.notifications.timeout", () -> "2s");
		registry.add("countersign.notifications.retry-first", () -> "200ms");
		registry.add("countersign.notifications.retry-ceiling", () -> "1s");
		// the tests run the escalation job themselves, at the times they choose
		registry.add("countersign.alerts.routing.poll-interval", () -> "1h");
	}

	@AfterAll
	static void stopReceivers() {
		receiver.close();
		mail.stop();
	}

	@BeforeEach
	void fixtures() {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		this.people = new ApprovalFixture(admin);
		this.routing = new AlertRoutingFixture(admin);
	}

	@Test
	void aCriticalAlertReachesEveryChannelAndTheInboxesOfItsRoleWithAFailingReceiverRetried() throws Exception {
		Person auditor = this.people.person("aud", "auditor");
		Person operator = this.people.person("op", "operator");
		this.routing.email(auditor.name(), auditor.name() + "@example.test");
		String hook = this.routing.channel("soc hook", "webhook", receiver.url("/hook"),
				Optional.of(AlertRoutingFixture.SECRET));
		String slack = this.routing.channel("soc slack", "slack", receiver.url("/slack"), Optional.empty());
		String flaky = this.routing.channel("flaky hook", "webhook", receiver.url("/flaky"),
				Optional.of(AlertRoutingFixture.SECRET));
		String team = this.routing.channel("soc list", "email", "soc@example.test", Optional.empty());
		this.routing.routes("{\"CRITICAL\":{\"channels\":" + list(hook, slack, flaky, team) + ",\"roles\":"
				+ list("auditor") + "}}");

		AlertRaised alert = AlertRoutingFixture.opened(Severity.CRITICAL, "ledger", this.clock.instant());
		raise(alert);
		String link = PUBLIC_URL + "/ui/alerts/" + alert.alertId();

		// the flaky receiver answers 503 first: the worker tries again after its backoff
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			this.clock.advance(Duration.ofSeconds(1));
			return !calls("/hook", alert).isEmpty() && !calls("/slack", alert).isEmpty()
					&& calls("/flaky", alert).size() == 2 && mailsTo("soc@example.test").size() == 1
					&& mailsTo(auditor.name() + "@example.test").size() == 1
					&& "delivered".equals(delivery(flaky, alert).path("status").asString());
		});
		JsonNode retried = delivery(flaky, alert);
		assertThat(retried.get("attempts").asInt()).isEqualTo(2);
		assertThat(retried.get("topic").asString()).isEqualTo("alert");
		assertThat(retried.get("alertId").asString()).isEqualTo(alert.alertId());
		assertThat(retried.get("lastError").asString()).isEqualTo("HTTP 503");

		// the generic webhook: signed over the exact body, as the receiver verifies it
		byte[] secret = AlertRoutingFixture.SECRET.getBytes(StandardCharsets.UTF_8);
		for (Call call : List.of(calls("/hook", alert).get(0), calls("/flaky", alert).get(1))) {
			assertThat(WebhookSignature.verify(secret, call.signature(), call.body(), this.clock.instant(),
					Duration.ofMinutes(5)))
				.as("the signature verifies with the channel's secret")
				.isTrue();
			assertThat(WebhookSignature.verify("another-secret-0123456789".getBytes(StandardCharsets.UTF_8),
					call.signature(), call.body(), this.clock.instant(), Duration.ofMinutes(5)))
				.isFalse();
		}
		Call call = calls("/hook", alert).get(0);
		JsonNode body = JSON.readTree(call.text());
		assertThat(call.event()).isEqualTo("alert.raised");
		assertThat(body.get("event").asString()).isEqualTo("alert.raised");
		assertThat(body.get("deliveryId").asString()).isEqualTo(call.deliveryId());
		assertThat(body.get("link").asString()).isEqualTo(link);
		JsonNode shown = body.get("alert");
		assertThat(shown.get("id").asString()).isEqualTo(alert.alertId());
		assertThat(shown.get("rule").asString()).isEqualTo("D10");
		assertThat(shown.get("title").asString()).isEqualTo("Ledger cannot append");
		assertThat(shown.get("severity").asString()).isEqualTo("CRITICAL");
		assertThat(shown.get("subject").asString()).isEqualTo("ledger");
		assertThat(shown.get("summary").asString()).isEqualTo("A verification run failed");
		assertThat(Instant.parse(shown.get("firstSeen").asString())).isEqualTo(alert.firstSeen());
		assertThat(Instant.parse(shown.get("lastSeen").asString())).isEqualTo(alert.lastSeen());
		assertThat(shown.get("count").asLong()).isEqualTo(1);
		assertThat(shown.get("ledgerIndexes").toString()).isEqualTo("[41,42]");

		// Slack: the fallback text and a mrkdwn section, both with the console link
		JsonNode slackBody = JSON.readTree(calls("/slack", alert).get(0).text());
		assertThat(slackBody.get("text").asString()).contains("CRITICAL alert D10: Ledger cannot append (ledger)")
			.contains("<" + link + "|Open in Countersign>");
		JsonNode section = slackBody.get("blocks").get(0);
		assertThat(section.get("type").asString()).isEqualTo("section");
		assertThat(section.get("text").get("type").asString()).isEqualTo("mrkdwn");
		assertThat(section.get("text").get("text").asString()).contains("A verification run failed").contains(link);

		// e-mail: to the team list and to the role holder with an address
		MimeMessage message = mailsTo("soc@example.test").get(0);
		assertThat(message.getSubject()).isEqualTo("[Countersign] CRITICAL alert D10: Ledger cannot append (ledger)");
		assertThat(String.valueOf(message.getContent())).contains("A verification run failed")
			.contains("ledger entries 41, 42")
			.contains(link);

		// the inbox of the role's holder, and nobody else's
		List<JsonNode> items = inbox(auditor.api(), alert);
		assertThat(items).hasSize(1);
		assertThat(items.get(0).get("topic").asString()).isEqualTo("alert");
		assertThat(items.get(0).get("event").asString()).isEqualTo("alert.raised");
		assertThat(items.get(0).get("link").asString()).isEqualTo(link);
		assertThat(inbox(operator.api(), alert)).isEmpty();
	}

	@Test
	void furtherHitsNotifyAgainOnlyAfterTheRenotifyTimeAndNeverOnceAcknowledged() {
		String hook = this.routing.channel("hits hook", "webhook", receiver.url("/hook"),
				Optional.of(AlertRoutingFixture.SECRET));
		this.routing.routes("{\"HIGH\":{\"channels\":" + list(hook) + "}}");
		AlertRaised alert = AlertRoutingFixture.opened(Severity.HIGH, "account:ivan", this.clock.instant());
		raise(alert);
		AlertRaised second = AlertRoutingFixture.hit(alert, this.clock.instant());
		raise(second);
		assertThat(deliveries(hook, alert)).as("a hit within the hour adds to the alert, not to the messages")
			.hasSize(1);

		this.clock.advance(Duration.ofMinutes(61));
		AlertRaised third = AlertRoutingFixture.hit(second, this.clock.instant());
		raise(third);
		assertThat(deliveries(hook, alert)).hasSize(2);

		close(alert, "ACKNOWLEDGED");
		this.clock.advance(Duration.ofMinutes(61));
		raise(AlertRoutingFixture.hit(third, this.clock.instant()));
		assertThat(deliveries(hook, alert)).as("acknowledged: someone is on it").hasSize(2);
	}

	@Test
	void anUnacknowledgedCriticalAlertEscalatesOnceAndAnAcknowledgedOneNever() throws Exception {
		Person oncall = this.people.person("oncall", "viewer");
		String escalate = this.routing.channel("escalation hook", "webhook", receiver.url("/escalate"),
				Optional.of(AlertRoutingFixture.SECRET));
		this.routing.routes("{\"CRITICAL\":{\"roles\":" + list("auditor") + ",\"escalation\":{\"after\":\"PT15M\","
				+ "\"channels\":" + list(escalate) + ",\"accounts\":" + list(oncall.name()) + "}}}");
		AlertRaised ignored = AlertRoutingFixture.opened(Severity.CRITICAL, "ledger", this.clock.instant());
		AlertRaised acknowledged = AlertRoutingFixture.opened(Severity.CRITICAL, "checkpoint", this.clock.instant());
		raise(ignored);
		raise(acknowledged);
		close(acknowledged, "ACKNOWLEDGED");

		this.clock.advance(Duration.ofMinutes(14));
		assertThat(this.escalating.escalateDue()).as("not yet due").isZero();
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.escalating.escalateDue()).isEqualTo(1);
		assertThat(this.escalating.escalateDue()).as("escalated already").isZero();
		this.clock.advance(Duration.ofHours(2));
		assertThat(this.escalating.escalateDue()).isZero();

		await().atMost(Duration.ofSeconds(30)).until(() -> !calls("/escalate", ignored).isEmpty());
		Call call = calls("/escalate", ignored).get(0);
		assertThat(call.event()).isEqualTo("alert.escalated");
		assertThat(JSON.readTree(call.text()).get("alert").get("id").asString()).isEqualTo(ignored.alertId());
		assertThat(deliveries(escalate, ignored)).hasSize(1);
		assertThat(deliveries(escalate, acknowledged)).as("acknowledged before it was due").isEmpty();
		List<JsonNode> items = inbox(oncall.api(), ignored);
		assertThat(items).hasSize(1);
		assertThat(items.get(0).get("event").asString()).isEqualTo("alert.escalated");
		assertThat(inbox(oncall.api(), acknowledged)).isEmpty();

		// on the ledger, by Countersign itself, about the alert
		List<JsonNode> recorded = this.people.events(ignored.alertId());
		assertThat(recorded).extracting((event) -> event.get("type").asString()).containsExactly("alert_escalated");
		assertThat(recorded.get(0).get("actor").get("type").asString()).isEqualTo("system");
		assertThat(recorded.get(0).get("details").get("unacknowledgedFor").asString()).isEqualTo("PT15M");
		assertThat(this.people.events(acknowledged.alertId())).isEmpty();
	}

	@Test
	void aClosedAlertThatWasAlreadyEscalatedStaysEscalatedOnce() {
		String escalate = this.routing.channel("late hook", "webhook", receiver.url("/escalate"),
				Optional.of(AlertRoutingFixture.SECRET));
		this.routing.routes("{\"CRITICAL\":{\"escalation\":{\"after\":\"PT1M\",\"channels\":" + list(escalate) + "}}}");
		AlertRaised alert = AlertRoutingFixture.opened(Severity.CRITICAL, "late", this.clock.instant());
		raise(alert);
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.escalating.escalateDue()).isEqualTo(1);
		close(alert, "RESOLVED");
		assertThat(this.escalating.escalateDue()).isZero();
		assertThat(deliveries(escalate, alert)).hasSize(1);
	}

	@Test
	void routesAreCheckedBeforeAnythingIsStoredAndEveryChangeIsAudited() {
		String hook = this.routing.channel("routes hook", "webhook", receiver.url("/hook"),
				Optional.of(AlertRoutingFixture.SECRET));
		Person oncall = this.people.person("oncall", "viewer");
		String good = "{\"CRITICAL\":{\"channels\":" + list(hook) + ",\"roles\":" + list("admin")
				+ ",\"escalation\":{\"after\":\"PT15M\",\"accounts\":" + list(oncall.name()) + "}},\"LOW\":{\"roles\":"
				+ list("auditor") + "}}";
		this.routing.routes(good);
		int changes = this.people.events("routes").size();

		String unknownChannel = "{\"CRITICAL\":{\"channels\":" + list("0190f0c8-0000-7000-8000-000000000000") + "}}";
		assertRefused(unknownChannel, "ERR_UNKNOWN_CHANNEL");
		assertRefused("{\"CRITICAL\":{\"roles\":" + list("admin")
				+ ",\"escalation\":{\"after\":\"15 minutes\",\"channels\":" + list(hook) + "}}}",
				"ERR_INVALID_DURATION");
		assertRefused("{\"CRITICAL\":{\"escalation\":{\"after\":\"-PT1M\",\"channels\":" + list(hook) + "}}}",
				"ERR_INVALID_DURATION");
		assertRefused("{\"CRITICAL\":{\"escalation\":{\"after\":\"P30D\",\"channels\":" + list(hook) + "}}}",
				"ERR_INVALID_DURATION");
		assertRefused("{\"CRITICAL\":{\"escalation\":{\"channels\":" + list(hook) + "}}}", "ERR_INVALID_DURATION");
		assertRefused("{\"CRITICAL\":{\"escalation\":{\"after\":\"PT5M\"}}}", "ERR_VALIDATION");
		assertRefused("{\"CRITICAL\":{\"roles\":" + list("no-such-role") + "}}", "ERR_UNKNOWN_RECIPIENT");
		assertRefused("{\"HIGH\":{\"accounts\":" + list("nobody-" + hook) + "}}", "ERR_UNKNOWN_RECIPIENT");
		assertRefused("{\"URGENT\":{\"roles\":" + list("admin") + "}}", "ERR_VALIDATION");

		// nothing of the refused changes was stored or recorded
		HttpResponse<String> read = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN).get("/api/v1/alerts/routes");
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		JsonNode routes = ApiClient.json(read).get("routes");
		assertThat(routes.get("CRITICAL").get("channels").toString()).isEqualTo(list(hook));
		assertThat(routes.get("CRITICAL").get("escalation").get("after").asString()).isEqualTo("PT15M");
		assertThat(routes.get("CRITICAL").get("escalation").get("accounts").toString()).isEqualTo(list(oncall.name()));
		assertThat(routes.get("LOW").get("roles").toString()).isEqualTo(list("auditor"));
		assertThat(routes.get("HIGH").get("roles").toString()).as("left out: nobody").isEqualTo("[]");
		assertThat(routes.get("HIGH").get("default").asBoolean()).isFalse();
		assertThat(this.people.events("routes")).hasSize(changes);

		// a reader may look but not change; the change is on the ledger with its author
		Person auditor = this.people.person("reader", "auditor");
		assertThat(auditor.api().get("/api/v1/alerts/routes").statusCode()).isEqualTo(200);
		assertThat(auditor.api().send("PUT", "/api/v1/alerts/routes", "{\"routes\":" + good + "}").statusCode())
			.isEqualTo(403);
		JsonNode change = this.people.events("routes").get(changes - 1);
		assertThat(change.get("type").asString()).isEqualTo("alert_route_changed");
		assertThat(change.get("details").get("CRITICAL").get("escalation").get("after").asString()).isEqualTo("PT15M");
		assertThat(change.get("details").get("CRITICAL").get("channels").toString()).isEqualTo(list(hook));
	}

	private void assertRefused(String routesJson, String code) {
		HttpResponse<String> refused = this.routing.putRoutes(routesJson);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(ApprovalFixture.code(refused)).as(refused.body()).isEqualTo(code);
	}

	private void raise(AlertRaised alert) {
		this.transaction.executeWithoutResult((status) -> this.events.publishEvent(alert));
	}

	private void close(AlertRaised alert, String state) {
		this.transaction.executeWithoutResult((status) -> this.events
			.publishEvent(new AlertClosed(alert.alertId(), state, "admin", "looked into it", this.clock.instant())));
	}

	private static List<Call> calls(String path, AlertRaised alert) {
		return receiver.calls(path).stream().filter((call) -> call.text().contains(alert.alertId())).toList();
	}

	private static List<MimeMessage> mailsTo(String address) {
		return Arrays.stream(mail.getReceivedMessages()).filter((message) -> {
			try {
				return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
					.anyMatch((to) -> to.toString().equals(address));
			}
			catch (Exception ex) {
				return false;
			}
		}).toList();
	}

	private List<JsonNode> deliveries(String channel, AlertRaised alert) {
		HttpResponse<String> response = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN)
			.get("/api/v1/notification-deliveries?channel=" + channel);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<JsonNode> items = new ArrayList<>();
		ApiClient.json(response).get("items").forEach((item) -> {
			if (item.path("alertId").asString().equals(alert.alertId())) {
				items.add(item);
			}
		});
		return items;
	}

	private JsonNode delivery(String channel, AlertRaised alert) {
		List<JsonNode> found = deliveries(channel, alert);
		return found.isEmpty() ? JSON.createObjectNode() : found.get(0);
	}

	private static List<JsonNode> inbox(ApiClient api, AlertRaised alert) {
		HttpResponse<String> response = api.get("/api/v1/me/inbox");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<JsonNode> items = new ArrayList<>();
		ApiClient.json(response).get("items").forEach((item) -> {
			if (item.path("alertId").asString().equals(alert.alertId())) {
				items.add(item);
			}
		});
		return items;
	}

}
