package io.countersign.server.compliance.internal.reports;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A report job left unfinished by a server that stopped (its rows written as that server
 * left them: the job was in its memory) is failed by this one once the lease lapsed, with
 * a reason that says so; jobs whose server still beats are not, and this server's own
 * jobs are renewed and finish.
 */
@TestPropertySource(properties = { "countersign.compliance.reports.heartbeat-interval=200ms",
		"countersign.compliance.reports.lease=1m" })
class ReportLeasesTest extends PostgresApplicationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ReportLeases leases;

	ApiClient admin;

	@BeforeEach
	void admin() {
		this.admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
	}

	@Test
	void aJobOfAStoppedServerFailsOnceItsLeaseLapsedAndLiveOnesGoOn() {
		Instant now = Instant.now();
		String dead = job("running", "pid@dead-host/0dead000", now.minus(Duration.ofMinutes(10)));
		String beforeLeases = job("queued", null, null);
		String otherLive = job("running", "pid@live-host/11ve0000", now);
		String mine = job("running", this.leases.instance(), now.minus(Duration.ofMinutes(10)));

		JsonNode failed = await().atMost(Duration.ofSeconds(30))
			.until(() -> report(dead), (job) -> job.get("state").asString().equals("failed"));
		assertThat(failed.get("error").asString()).contains("pid@dead-host/0dead000", "stopped before it finished",
				"request the report again");
		assertThat(this.admin.getBytes("/api/v1/compliance/reports/" + dead + "/download").statusCode()).isBetween(400,
				499);
		JsonNode old = await().atMost(Duration.ofSeconds(30))
			.until(() -> report(beforeLeases), (job) -> job.get("state").asString().equals("failed"));
		assertThat(old.get("error").asString()).contains("a server before V18");

		// this server renewed its own job instead of failing it; another server's fresh
		// heartbeat stands
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.sql("SELECT heartbeat_at FROM compliance_report WHERE id = ?")
				.param(mine)
				.query(Timestamp.class)
				.single()
				.toInstant()
				.isAfter(now.minus(Duration.ofMinutes(1))));
		assertThat(report(mine).get("state").asString()).isEqualTo("running");
		assertThat(report(otherLive).get("state").asString()).isEqualTo("running");
	}

	@Test
	void aReportOfALiveServerFinishesUnderItsLease() {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		HttpResponse<String> accepted = this.admin.post("/api/v1/compliance/reports", "application/json",
				"{\"framework\":\"soc2\",\"from\":\"" + today.minusDays(30) + "\",\"to\":\"" + today
						+ "\",\"format\":\"json\"}");
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		String id = ApiClient.json(accepted).get("id").asString();
		JsonNode done = await().atMost(Duration.ofSeconds(60))
			.until(() -> report(id), (job) -> !job.get("state").asString().matches("queued|running"));
		assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("ready");
		assertThat(this.jdbc.sql("SELECT instance FROM compliance_report WHERE id = ?")
			.param(id)
			.query(String.class)
			.single()).isEqualTo(this.leases.instance());
	}

	private JsonNode report(String id) {
		HttpResponse<String> response = this.admin.get("/api/v1/compliance/reports/" + id);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return ApiClient.json(response);
	}

	/** A job row as a server leaves it: {@code instance} null for one before V18. */
	private String job(String state, String instance, Instant heartbeat) {
		String id = UUID.randomUUID().toString();
		Instant requested = Instant.now().minus(Duration.ofMinutes(20));
		this.jdbc.sql("""
				INSERT INTO compliance_report (id, framework, period_from, period_to, format, requested_by,
				    requester_kind, requested_at, state, progress, stage, instance, heartbeat_at)
				VALUES (?, 'soc2', ?, ?, 'pdf', 'admin', 'user', ?, ?, 45, 'counting', ?, ?)
				""")
			.params(id, Timestamp.from(requested.minus(Duration.ofDays(30))), Timestamp.from(requested),
					Timestamp.from(requested), state, instance, (heartbeat == null) ? null : Timestamp.from(heartbeat))
			.update();
		return id;
	}

}
