package io.countersign.server.alert.internal.routing;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import io.countersign.server.alert.AlertRaised;
import io.countersign.server.alert.Severity;
import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.notification.Receiver;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.MutableClock;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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
 * Alert routing on the embedded H2 database: the migration, the route table, an inbox
 * item for a role's holder, and an escalation claimed (plain {@code FOR UPDATE}) and sent
 * once.
 */
@Import(MutableClock.Configuration.class)
class H2AlertRoutingTest extends H2ApplicationTest {

	static Receiver receiver;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	EscalatingAlerts escalating;

	@Autowired
	MutableClock clock;

	@DynamicPropertySource
	static void receiver(DynamicPropertyRegistry registry) throws IOException {
		receiver = Receiver.start().answering("/escalate", (n) -> 204);
		registry.add("countersign.notifications.interval", () -> "100ms");
		registry.add("countersign.alerts.routing.poll-interval", () -> "1h");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void aRoleHolderHearsOfAnAlertAndItEscalatesOnce() {
		ApprovalFixture people = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
		AlertRoutingFixture routing = new AlertRoutingFixture(people.admin());
		Person auditor = people.person("aud", "auditor");
		String hook = routing.channel("escalate", "webhook", receiver.url("/escalate"),
				Optional.of(AlertRoutingFixture.SECRET));
		routing.routes("{\"CRITICAL\":{\"roles\":" + list("auditor") + ",\"escalation\":{\"after\":\"PT10M\","
				+ "\"channels\":" + list(hook) + "}}}");

		AlertRaised alert = AlertRoutingFixture.opened(Severity.CRITICAL, "ledger", this.clock.instant());
		this.transaction.executeWithoutResult((status) -> this.events.publishEvent(alert));
		assertThat(ApiClient.json(auditor.api().get("/api/v1/me/inbox")).get("items").toString())
			.contains(alert.alertId())
			.contains("alert.raised");

		this.clock.advance(Duration.ofMinutes(11));
		assertThat(this.escalating.escalateDue()).isEqualTo(1);
		assertThat(this.escalating.escalateDue()).isZero();
		await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.calls("/escalate").isEmpty());
		assertThat(receiver.calls("/escalate")).hasSize(1);
		assertThat(receiver.calls("/escalate").get(0).event()).isEqualTo("alert.escalated");
		assertThat(people.eventTypes(alert.alertId())).containsExactly("alert_escalated");
	}

}
