package io.countersign.server.notification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.notification.Receiver.Call;
import io.countersign.server.shared.webhook.WebhookSignature;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications on the embedded H2 database: the claim query, the inbox and a signed
 * webhook that fails once before it is delivered.
 */
class H2NotificationsTest extends H2ApplicationTest {

	static Receiver receiver;

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	@DynamicPropertySource
	static void receiver(DynamicPropertyRegistry registry) throws IOException {
		receiver = Receiver.start().answering("/hook", (n) -> (n == 0) ? 503 : 204);
		registry.add("countersign.notifications.interval", () -> "100ms");
		registry.add("countersign.notifications.retry-first", () -> "200ms");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void anApproverHearsOfARequestThroughTheInboxAndASignedWebhook() {
		ApprovalFixture approvals = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
		NotificationFixture notifications = new NotificationFixture(approvals.admin());
		String type = ApprovalFixture.actionType("secret.rotate");
		ApprovalFixture.policy(this.book, this.transaction, type, "1 of approver");
		Person ivan = approvals.person("ivan", "operator");
		Person alice = approvals.person("alice", "approver");
		String channel = notifications.channel("hook", "webhook", receiver.url("/hook"),
				Optional.of(NotificationFixture.SECRET));

		String id = approvals.open(ivan, type, "{\"secret\":\"db\"}").get("id").asString();

		assertThat(NotificationFixture.inbox(alice.api(), id)).hasSize(1);
		assertThat(NotificationFixture.inbox(ivan.api(), id)).isEmpty();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> notifications.delivery(channel, id, "approval.requested")
				.map((delivery) -> "delivered".equals(delivery.get("status").asString()))
				.orElse(false));
		assertThat(notifications.delivery(channel, id, "approval.requested").orElseThrow().get("attempts").asInt())
			.isEqualTo(2);
		Call delivered = receiver.calls("/hook").get(receiver.calls("/hook").size() - 1);
		assertThat(WebhookSignature.verify(NotificationFixture.SECRET.getBytes(StandardCharsets.UTF_8),
				delivered.signature(), delivered.body(), Instant.now(), Duration.ofMinutes(5)))
			.isTrue();
		assertThat(delivered.text()).contains("/ui/approvals/" + id);
	}

}
