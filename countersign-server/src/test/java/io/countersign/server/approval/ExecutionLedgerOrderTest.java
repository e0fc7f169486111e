package io.countersign.server.approval;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;

import javax.sql.DataSource;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.event.Submitter;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.ExecutorReceiver.Reply;
import io.countersign.server.audit.AuditOutboxRows;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static io.countersign.server.approval.ApprovalFixture.code;
import static io.countersign.server.approval.ApprovalFixture.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request's next step waits until every earlier event about it is on the ledger
 * (decision 023, "Ledger order"). An instance that stops between committing a step and
 * appending its event leaves the event in the audit outbox, where another instance's
 * drainer appends it after the grace age; it is simulated here by writing such a row
 * directly, as that instance would have. Meanwhile the executor neither starts nor calls,
 * and the initiator's claim and report are refused with a status that says "retry"; once
 * the row is appended, they go through, after it in ledger order.
 */
@TestPropertySource(properties = { "countersign.approvals.executor.poll-interval=PT0.1S",
		"countersign.approvals.executor.timeout=PT2S", "countersign.approvals.executor.lease=PT5S",
		"countersign.ledger.outbox.interval=PT0.5S", "countersign.ledger.outbox.grace-age=PT10S" })
class ExecutionLedgerOrderTest extends PostgresApplicationTest {

	static final String LEFT_BEHIND = "test_step_left_in_the_outbox";

	@Autowired
	DataSource dataSource;

	ApprovalFixture fixture;

	Person ivan;

	Person alice;

	@BeforeEach
	void people() {
		this.fixture = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
		this.ivan = this.fixture.person("ivan", "operator");
		this.alice = this.fixture.person("alice", "approver");
	}

	@Test
	void theExecutorWaitsForEarlierEventsOfTheRequestToReachTheLedger() throws Exception {
		try (ExecutorReceiver receiver = ExecutorReceiver.start(0, ExecutorWebhookTest.SECRET,
				(call) -> Reply.executed("{\"done\":true}"))) {
			String type = ExecutorWebhookTest.webhookPolicy(this.fixture, receiver.url(), ExecutorWebhookTest.SECRET);
			String id = this.fixture.open(this.ivan, type, "{\"n\":1}").get("id").asString();
			leaveInOutbox(id);
			ExecutorWebhookTest.approve(this.fixture, this.alice, id);

			// well within the grace age: the row is still in the outbox, nothing moves
			Thread.sleep(2000);
			assertThat(receiver.calls()).isEmpty();
			assertThat(this.fixture.read(id).get("state").asString()).isEqualTo("APPROVED");

			await().atMost(Duration.ofSeconds(30))
				.until(() -> "EXECUTED".equals(this.fixture.read(id).get("state").asString()));
			assertThat(receiver.calls()).hasSize(1);
			assertThat(this.fixture.eventTypes(id)).containsSubsequence(LEFT_BEHIND, "ACTION_EXECUTION_STARTED",
					"ACTION_EXECUTION_SUCCEEDED");
		}
	}

	@Test
	void theInitiatorsClaimAndReportAreRefusedUntilEarlierEventsAreOnTheLedger() throws Exception {
		String type = ApprovalFixture.actionType("deploy");
		HttpResponse<String> created = this.fixture.admin()
			.post("/api/v1/policies", "application/json",
					"{\"actionType\":" + quote(type) + ",\"initiators\":[\"operator\"],\"quorum\":\"1 of approver\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = this.fixture.open(this.ivan, type, "{\"n\":2}").get("id").asString();
		ExecutorWebhookTest.approve(this.fixture, this.alice, id);

		leaveInOutbox(id);
		HttpResponse<String> early = claim(id);
		assertThat(early.statusCode()).as(early.body()).isEqualTo(503);
		assertThat(code(early)).isEqualTo("ERR_LEDGER_UNAVAILABLE");
		assertThat(this.fixture.read(id).get("state").asString()).isEqualTo("APPROVED");
		await().atMost(Duration.ofSeconds(30)).until(() -> claim(id).statusCode() == 201);

		leaveInOutbox(id);
		HttpResponse<String> earlyReport = report(id);
		assertThat(earlyReport.statusCode()).as(earlyReport.body()).isEqualTo(503);
		assertThat(this.fixture.read(id).get("state").asString()).isEqualTo("EXECUTING");
		await().atMost(Duration.ofSeconds(30)).until(() -> report(id).statusCode() == 200);

		assertThat(this.fixture.eventTypes(id)).containsSubsequence(LEFT_BEHIND, "ACTION_EXECUTION_STARTED",
				LEFT_BEHIND, "ACTION_EXECUTION_SUCCEEDED");
	}

	private HttpResponse<String> claim(String id) {
		return this.ivan.api().post("/api/v1/approvals/" + id + "/execution", "application/json", "");
	}

	private HttpResponse<String> report(String id) {
		return this.ivan.api()
			.send("PUT", "/api/v1/approvals/" + id + "/execution", "{\"outcome\":\"succeeded\",\"result\":null}");
	}

	// what an instance that stopped right after committing a step about the request
	// leaves
	private void leaveInOutbox(String id) throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			AuditOutboxRows.insert(connection,
					EventDraft.of(LEFT_BEHIND, new Actor("stopped-instance", "service"))
						.withResource(new Resource("approval_request", id))
						.withSubmitter(new Submitter("stopped-instance", "test")));
		}
	}

}
