package io.countersign.server.compliance;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import io.countersign.server.alert.ProbeDetector;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The check {@code alert-sla} on real alerts (raised by the test detector from events
 * appended here, acknowledged through the API) and real routes: it passes while high
 * alerts are routed to someone and acknowledged within the SLA, and fails when a route
 * names nobody or an alert went unacknowledged past the SLA. An alert first seen five
 * hours ago, which a test cannot wait for, is made by moving its first hit back.
 */
@Import(ProbeDetector.Configuration.class)
class ComplianceAlertSlaTest extends PostgresApplicationTest {

	static final String CONTROL = "soc2-cc7.3-alerts";

	@Autowired
	JdbcClient jdbc;

	ApiClient admin;

	ComplianceFixture compliance;

	@BeforeEach
	void fixtures() {
		this.admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		this.compliance = new ComplianceFixture(this.admin);
	}

	@Test
	void routedAndAcknowledgedInTimePassesANobodyRouteOrALateAlertFails() {
		// the default route (the admin role) and no alert yet: nothing left unanswered
		assertThat(this.compliance.stateAfterChecks("soc2", CONTROL)).isEqualTo("IMPLEMENTED");
		assertThat(this.compliance.control("gdpr", "gdpr-art33-breach-detection").get("state").asString())
			.isEqualTo("IMPLEMENTED");
		JsonNode none = check();
		assertThat(none.get("facts").get("ackSla").asString()).isEqualTo("PT4H");
		assertThat(none.get("facts").get("highOrCriticalAlerts").asLong()).isZero();

		// high alerts routed to nobody: failed, though no alert was missed
		routes("\"LOW\":{\"roles\":[\"admin\"]},\"MEDIUM\":{\"roles\":[\"admin\"]},\"CRITICAL\":{\"roles\":[\"admin\"]}");
		assertThat(this.compliance.stateAfterChecks("soc2", CONTROL)).isEqualTo("NOT_STARTED");
		assertThat(check().get("outcome").asString()).isEqualTo("FAILED");
		assertThat(check().get("explanation").asString()).contains("HIGH", "routed to nobody");
		assertThat(check().get("facts").get("unroutedSeverities").toString()).contains("HIGH")
			.doesNotContain("CRITICAL");
		routes("\"HIGH\":{\"roles\":[\"admin\"]},\"CRITICAL\":{\"roles\":[\"admin\"]}");
		assertThat(this.compliance.stateAfterChecks("soc2", CONTROL)).isEqualTo("IMPLEMENTED");

		// a high alert, within the SLA, then acknowledged in time
		String first = raise();
		assertThat(this.compliance.stateAfterChecks("soc2", CONTROL)).isEqualTo("IMPLEMENTED");
		assertThat(check().get("facts").get("awaitingWithinSla").asLong()).isEqualTo(1);
		acknowledge(first);
		assertThat(this.compliance.stateAfterChecks("soc2", CONTROL)).isEqualTo("IMPLEMENTED");
		assertThat(check().get("facts").get("acknowledgedWithinSla").asLong()).isEqualTo(1);

		// a high alert first seen five hours ago and not acknowledged: failed, and still
		// failed once acknowledged late
		String late = raise();
		this.jdbc.sql("UPDATE alert SET first_seen = ? WHERE id = ?")
			.params(Timestamp.from(Instant.now().minus(Duration.ofHours(5))), late)
			.update();
		assertThat(this.compliance.stateAfterChecks("soc2", CONTROL)).isEqualTo("NOT_STARTED");
		JsonNode failed = check();
		assertThat(failed.get("outcome").asString()).isEqualTo("FAILED");
		assertThat(failed.get("explanation").asString()).contains("1 of 2", late, "not acknowledged", "PT4H");
		acknowledge(late);
		assertThat(this.compliance.stateAfterChecks("soc2", CONTROL)).isEqualTo("NOT_STARTED");
		assertThat(check().get("explanation").asString()).contains(late, "acknowledged 20");
		assertThat(check().get("facts").get("late").asLong()).isEqualTo(1);
	}

	private JsonNode check() {
		return this.compliance.check("soc2", CONTROL, "alert-sla");
	}

	private void routes(String routes) {
		HttpResponse<String> set = this.admin.send("PUT", "/api/v1/alerts/routes", "{\"routes\":{" + routes + "}}");
		assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
	}

	/** A high alert raised by the test detector from an event appended now; its id. */
	private String raise() {
		String actor = PostgresTestDatabase.randomName("sla_");
		HttpResponse<String> appended = this.admin.post("/api/v1/events", "application/json",
				"{\"type\":\"" + ProbeDetector.TYPE + "\",\"actor\":{\"id\":\"" + actor + "\",\"type\":\"user\"}}");
		assertThat(appended.statusCode()).as(appended.body()).isEqualTo(201);
		return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			for (JsonNode alert : ApiClient
				.json(this.admin.get("/api/v1/alerts?rule=" + ProbeDetector.RULE + "&limit=200"))
				.get("items")) {
				if (alert.get("subject").asString().equals("actor:" + actor)) {
					assertThat(alert.get("severity").asString()).isEqualTo("HIGH");
					return alert.get("id").asString();
				}
			}
			return null;
		}, (id) -> id != null);
	}

	private void acknowledge(String id) {
		HttpResponse<String> acknowledged = this.admin.post("/api/v1/alerts/" + id + "/acknowledge", "application/json",
				"{\"reason\":\"looking into it\"}");
		assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
	}

}
