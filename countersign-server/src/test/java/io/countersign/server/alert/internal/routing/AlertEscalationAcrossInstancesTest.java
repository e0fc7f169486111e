package io.countersign.server.alert.internal.routing;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.alert.AlertRaised;
import io.countersign.server.alert.Severity;
import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.notification.Receiver;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.RunningApplication;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionTemplate;

import static io.countersign.server.alert.internal.routing.AlertRoutingFixture.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one PostgreSQL database both poll for due escalations: each
 * unacknowledged critical alert escalates once, with one notice per receiver and one
 * {@code alert_escalated} event, whichever instance stored the alert or claimed it.
 */
class AlertEscalationAcrossInstancesTest {

	static final int ALERTS = 12;

	static PostgresTestDatabase database;

	static Receiver receiver;

	@BeforeAll
	static void databaseAndReceiver() throws IOException {
		database = PostgresTestDatabase.create();
		receiver = Receiver.start().answering("/escalations", (n) -> 204);
	}

	@AfterAll
	static void stop() throws Exception {
		receiver.close();
		database.close();
	}

	@Test
	void twoInstancesEscalateEachAlertOnce() throws Exception {
		try (RunningApplication first = start(); RunningApplication second = start()) {
			ApprovalFixture people = new ApprovalFixture(first.api().withToken(TestSecrets.BOOTSTRAP_TOKEN));
			AlertRoutingFixture routing = new AlertRoutingFixture(people.admin());
			String hook = routing.channel("escalations", "webhook", receiver.url("/escalations"),
					Optional.of(AlertRoutingFixture.SECRET));
			routing.routes("{\"CRITICAL\":{\"escalation\":{\"after\":\"PT1S\",\"channels\":" + list(hook) + "}}}");

			List<AlertRaised> alerts = new ArrayList<>();
			for (int i = 0; i < ALERTS; i++) {
				RunningApplication on = (i % 2 == 0) ? first : second;
				AlertRaised alert = AlertRoutingFixture.opened(Severity.CRITICAL, "instance-" + i, Instant.now());
				on.context()
					.getBean(TransactionTemplate.class)
					.executeWithoutResult((status) -> on.context().publishEvent(alert));
				alerts.add(alert);
			}

			await().atMost(Duration.ofSeconds(60))
				.until(() -> count("SELECT COUNT(*) FROM alert_routing WHERE escalation = 'escalated'") == ALERTS
						&& count("SELECT COUNT(*) FROM notification_delivery WHERE event = 'alert.escalated'"
								+ " AND status = 'delivered'") == ALERTS);
			assertThat(count("SELECT COUNT(*) FROM notification_delivery WHERE event = 'alert.escalated'"))
				.isEqualTo(ALERTS);
			for (AlertRaised alert : alerts) {
				assertThat(
						receiver.calls("/escalations").stream().filter((call) -> call.text().contains(alert.alertId())))
					.as("alert " + alert.subject() + " escalated once")
					.hasSize(1);
				assertThat(people.eventTypes(alert.alertId())).containsExactly("alert_escalated");
			}
		}
	}

	private static long count(String sql) throws Exception {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static RunningApplication start() throws IOException {
		return RunningApplication.start(Map.ofEntries(Map.entry("spring.datasource.url", database.jdbcUrl()),
				Map.entry("spring.datasource.username", database.username()),
				Map.entry("spring.datasource.password", database.password()),
				Map.entry("countersign.master-key", TestSecrets.MASTER_KEY),
				Map.entry("countersign.bootstrap-token", TestSecrets.BOOTSTRAP_TOKEN),
				Map.entry("countersign.data-dir", Files.createTempDirectory("countersign-test-").toString()),
				Map.entry("countersign.notifications.interval", "50ms"),
				Map.entry("countersign.notifications.timeout", "2s"),
				Map.entry("countersign.alerts.routing.poll-interval", "50ms")));
	}

}
