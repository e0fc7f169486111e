package io.countersign.server.notification;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.notification.Receiver.Call;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.RunningApplication;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deliveries on PostgreSQL across stops and instances: what a stopped server committed is
 * sent by the next one, a claim whose instance died mid-send is taken over once its lease
 * lapses, and two instances sending at once never send one delivery twice.
 */
class NotificationsAcrossRestartsTest {

	static PostgresTestDatabase database;

	static Receiver receiver;

	@BeforeAll
	static void databaseAndReceiver() throws IOException {
		database = PostgresTestDatabase.create();
		receiver = Receiver.start().answering("/restart", (n) -> 204).answering("/race", (n) -> 204);
	}

	@AfterAll
	static void stop() throws Exception {
		receiver.close();
		database.close();
	}

	@Test
	void aCommittedDeliveryIsSentAfterARestartAndAnAbandonedClaimOnceItsLeaseLapses() throws Exception {
		List<String> ids = new ArrayList<>();
		String channel;
		// a server whose worker never comes round: it commits notices and stops with them
		// unsent
		try (RunningApplication stopped = start("1h")) {
			ApprovalFixture approvals = fixture(stopped);
			String type = policy(stopped, "secret.rotate");
			Person ivan = approvals.person("ivan", "operator");
			approvals.person("alice", "approver");
			channel = new NotificationFixture(approvals.admin()).channel("restart hook", "webhook",
					receiver.url("/restart"), Optional.of(NotificationFixture.SECRET), "approval.requested");
			ids.add(approvals.open(ivan, type, "{\"secret\":\"a\"}").get("id").asString());
			ids.add(approvals.open(ivan, type, "{\"secret\":\"b\"}").get("id").asString());
			NotificationFixture notifications = new NotificationFixture(approvals.admin());
			for (String id : ids) {
				JsonNode pending = notifications.delivery(channel, id, "approval.requested").orElseThrow();
				assertThat(pending.get("status").asString()).isEqualTo("pending");
				assertThat(pending.get("attempts").asInt()).isZero();
			}
		}
		// the second as an instance leaves it that claimed it and died while sending
		try (Connection connection = database.connect(); PreparedStatement claim = connection.prepareStatement("""
				UPDATE notification_delivery SET attempts = 1, next_attempt_at = now() + interval '3 seconds'
				WHERE request_id = ? AND channel_id = ?""")) {
			claim.setString(1, ids.get(1));
			claim.setString(2, channel);
			assertThat(claim.executeUpdate()).isEqualTo(1);
		}
		assertThat(receiver.calls("/restart")).isEmpty();

		try (RunningApplication restarted = start("100ms")) {
			NotificationFixture notifications = new NotificationFixture(fixture(restarted).admin());
			await().atMost(Duration.ofSeconds(60))
				.until(() -> ids.stream()
					.allMatch((id) -> notifications.delivery(channel, id, "approval.requested")
						.map((delivery) -> "delivered".equals(delivery.get("status").asString()))
						.orElse(false)));
			assertThat(notifications.delivery(channel, ids.get(0), "approval.requested")
				.orElseThrow()
				.get("attempts")
				.asInt()).isEqualTo(1);
			assertThat(notifications.delivery(channel, ids.get(1), "approval.requested")
				.orElseThrow()
				.get("attempts")
				.asInt()).as("taken over after the lease: the abandoned attempt counts").isEqualTo(2);
			for (String id : ids) {
				assertThat(receiver.calls("/restart").stream().filter((call) -> call.text().contains(id)))
					.as("request " + id + " was notified once")
					.hasSize(1);
			}
		}
	}

	@Test
	void twoInstancesSendingAtOnceSendEachDeliveryOnce() throws Exception {
		try (RunningApplication first = start("50ms"); RunningApplication second = start("50ms")) {
			ApprovalFixture onFirst = fixture(first);
			String type = policy(first, "data.export");
			Person ivan = onFirst.person("ivan", "operator");
			onFirst.person("alice", "approver");
			Person ivanOnSecond = onFirst.on(ivan, second.port());
			String channel = new NotificationFixture(onFirst.admin()).channel("race hook", "webhook",
					receiver.url("/race"), Optional.of(NotificationFixture.SECRET));
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				Person initiator = (i % 2 == 0) ? ivan : ivanOnSecond;
				ids.add(onFirst.open(initiator, type, "{\"n\":" + i + "}").get("id").asString());
			}
			NotificationFixture notifications = new NotificationFixture(onFirst.admin());
			await().atMost(Duration.ofSeconds(60))
				.until(() -> ids.stream()
					.allMatch((id) -> notifications.delivery(channel, id, "approval.requested")
						.map((delivery) -> "delivered".equals(delivery.get("status").asString()))
						.orElse(false)));
			Map<String, Long> callsPerDelivery = receiver.calls("/race")
				.stream()
				.collect(Collectors.groupingBy(Call::deliveryId, Collectors.counting()));
			assertThat(callsPerDelivery).hasSize(ids.size());
			assertThat(callsPerDelivery.values()).allMatch((count) -> count == 1);
			assertThat(receiver.calls("/race").stream().map(Call::text).map(Function.identity()))
				.allMatch((text) -> ids.stream().anyMatch(text::contains));
		}
	}

	private static ApprovalFixture fixture(RunningApplication application) {
		return new ApprovalFixture(application.api().withToken(TestSecrets.BOOTSTRAP_TOKEN));
	}

	private static String policy(RunningApplication application, String prefix) {
		String type = ApprovalFixture.actionType(prefix);
		ApprovalFixture.policy(application.context().getBean(PolicyBook.class),
				application.context().getBean(TransactionTemplate.class), type, "1 of approver");
		return type;
	}

	private static RunningApplication start(String interval) throws IOException {
		return RunningApplication
			.start(Map.of("spring.datasource.url", database.jdbcUrl(), "spring.datasource.username",
					database.username(), "spring.datasource.password", database.password(), "countersign.master-key",
					TestSecrets.MASTER_KEY, "countersign.bootstrap-token", TestSecrets.BOOTSTRAP_TOKEN,
					"countersign.data-dir", Files.createTempDirectory("countersign-test-").toString(),
					"countersign.notifications.interval", interval, "countersign.notifications.timeout", "2s"));
	}

}
