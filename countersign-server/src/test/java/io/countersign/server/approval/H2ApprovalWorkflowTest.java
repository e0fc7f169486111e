package io.countersign.server.approval;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.approval.internal.requests.ExpiringRequests;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.MutableClock;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The approval workflow on the embedded H2: the happy path from request to reported
 * execution, and expiry driven by the test's clock.
 */
@Import({ MutableClock.Configuration.class, H2ApprovalWorkflowTest.Steps.class })
class H2ApprovalWorkflowTest extends H2ApplicationTest {

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	MutableClock clock;

	@Autowired
	ExpiringRequests expiring;

	@Autowired
	StepLog steps;

	ApprovalFixture fixture;

	@BeforeEach
	void fixture() {
		this.fixture = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
	}

	@Test
	void requestTwoSignedApprovalsExecutionAndOutcome() {
		String type = ApprovalFixture.actionType("schema");
		ApprovalFixture.policy(this.book, this.transaction, type, "2 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		Person bob = this.fixture.person("bob", "approver");
		String id = this.fixture.open(ivan, type, "{\"migration\":\"V42\"}").get("id").asString();

		assertThat(this.fixture.decide(alice, id, Verdict.APPROVE, "Reviewed the SQL").statusCode()).isEqualTo(201);
		HttpResponse<String> second = this.fixture.decide(bob, id, Verdict.APPROVE, "Backups verified");
		assertThat(ApiClient.json(second).get("state").asString()).isEqualTo("APPROVED");
		HttpResponse<String> claimed = ivan.api()
			.post("/api/v1/approvals/" + id + "/execution", "application/json", "");
		assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
		HttpResponse<String> reported = ivan.api()
			.send("PUT", "/api/v1/approvals/" + id + "/execution",
					"{\"outcome\":\"failed\",\"result\":\"lock timeout\"}");
		assertThat(ApiClient.json(reported).get("state").asString()).isEqualTo("FAILED");

		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED", "ACTION_APPROVED", "ACTION_APPROVED",
				"ACTION_EXECUTION_STARTED", "ACTION_EXECUTION_FAILED");
	}

	@Test
	void aRequestExpiresOnceItsTimeHasCome() {
		String type = ApprovalFixture.actionType("schema");
		ApprovalFixture.policy(this.book, this.transaction, type, "1 of approver", Duration.ofHours(1));
		Person ivan = this.fixture.person("ivan", "operator");
		String id = this.fixture.open(ivan, type, "{\"migration\":\"V43\"}").get("id").asString();

		this.clock.advance(Duration.ofMinutes(59));
		this.expiring.expireDue();
		assertThat(this.fixture.read(id).get("state").asString()).isEqualTo("UNDER_REVIEW");
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.expiring.expireDue()).isEqualTo(1);
		assertThat(this.expiring.expireDue()).isZero();

		assertThat(this.fixture.read(id).get("state").asString()).isEqualTo("EXPIRED");
		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED", "ACTION_EXPIRED");
		assertThat(this.steps.seen).filteredOn((step) -> step.request().toString().equals(id))
			.extracting(ApprovalStepRecorded::eventType, ApprovalStepRecorded::actor)
			.containsExactly(tuple("ACTION_QUEUED", ivan.name()), tuple("ACTION_EXPIRED", "countersign"));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Steps {

		@Bean
		StepLog stepLog() {
			return new StepLog();
		}

	}

	/** What a notifier would hear: every step, after its commit. */
	static class StepLog {

		final List<ApprovalStepRecorded> seen = new CopyOnWriteArrayList<>();

		@TransactionalEventListener
		void on(ApprovalStepRecorded step) {
			this.seen.add(step);
		}

	}

}
