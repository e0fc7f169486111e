package io.countersign.server.approval;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.Verdict;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.event.Submitter;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actions Countersign performs itself run inside the initiator's claim: the claim answers
 * with the request already EXECUTED (or FAILED), the action's changes commit with the
 * outcome, and a failing action's changes are undone while the failure is recorded.
 */
@Import(ServerExecutedActionTest.Actions.class)
class ServerExecutedActionTest extends PostgresApplicationTest {

	static final String ACTIVATE = "test.activate";

	static final String BROKEN = "test.broken";

	static final String TARGET = "test.target";

	/** An event the action records itself, in the claim's transaction. */
	static final String ATTEMPTED = "test.activation_attempted";

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	ApprovalFixture fixture;

	@BeforeEach
	void fixture() {
		this.fixture = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
		for (String type : List.of(ACTIVATE, BROKEN)) {
			if (this.book.current(type).isEmpty()) {
				ApprovalFixture.policy(this.book, this.transaction, type, "1 of approver");
			}
		}
	}

	@Test
	void theClaimRunsTheActionAndRecordsItsResultInTheSameCommit() {
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		String id = approved(ivan, alice, ACTIVATE);
		int before = this.book.history(TARGET).size();

		HttpResponse<String> claimed = claim(ivan, id);

		assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
		JsonNode request = ApiClient.json(claimed);
		assertThat(request.get("state").asString()).isEqualTo("EXECUTED");
		assertThat(request.get("execution").get("outcome").asString()).isEqualTo("succeeded");
		assertThat(request.get("execution").get("result").get("actionType").asString()).isEqualTo(TARGET);
		assertThat(this.book.history(TARGET)).hasSize(before + 1);
		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED", "ACTION_APPROVED",
				"ACTION_EXECUTION_STARTED", ATTEMPTED, "ACTION_EXECUTION_SUCCEEDED");
		assertThat(claim(ivan, id).statusCode()).isEqualTo(409);
	}

	@Test
	void aFailingActionLeavesNothingBehindButItsRecordedFailure() {
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		String id = approved(ivan, alice, BROKEN);
		int before = this.book.history(TARGET).size();

		HttpResponse<String> claimed = claim(ivan, id);

		assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
		JsonNode request = ApiClient.json(claimed);
		assertThat(request.get("state").asString()).isEqualTo("FAILED");
		assertThat(request.get("execution").get("result").get("message").asString()).contains("disk full");
		assertThat(this.book.history(TARGET)).as("the action's activation is rolled back").hasSize(before);
		// and so is the event the action recorded before it failed
		List<JsonNode> events = this.fixture.events(id);
		assertThat(events).extracting((event) -> event.get("type").asString())
			.containsExactly("ACTION_QUEUED", "ACTION_APPROVED", "ACTION_EXECUTION_STARTED", "ACTION_EXECUTION_FAILED");
		assertThat(events.get(3).get("details").get("state").asString()).isEqualTo("FAILED");
	}

	private String approved(Person ivan, Person alice, String type) {
		String id = this.fixture.open(ivan, type, "{\"target\":\"" + TARGET + "\"}").get("id").asString();
		HttpResponse<String> decided = this.fixture.decide(alice, id, Verdict.APPROVE, "Go ahead");
		assertThat(ApiClient.json(decided).get("state").asString()).isEqualTo("APPROVED");
		return id;
	}

	private static HttpResponse<String> claim(Person person, String id) {
		return person.api().post("/api/v1/approvals/" + id + "/execution", "application/json", "");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Actions {

		@Bean
		ServerExecutedAction activating(PolicyBook book, AuditTrail trail) {
			return new Activating(ACTIVATE, book, trail, false);
		}

		@Bean
		ServerExecutedAction broken(PolicyBook book, AuditTrail trail) {
			return new Activating(BROKEN, book, trail, true);
		}

	}

	/**
	 * Activates a policy version, as the policy.change action will; then fails if asked.
	 */
	record Activating(String actionType, PolicyBook book, AuditTrail trail,
			boolean fail) implements ServerExecutedAction {

		@Override
		public Object execute(ApprovedRequest request) {
			this.trail.record(EventDraft.of(ATTEMPTED, new Actor(request.initiator(), "user"))
				.withResource(new Resource("approval_request", request.id().toString()))
				.withSubmitter(new Submitter("test", "test:activating")));
			PolicyDocument activated = this.book.activate(
					new PolicyDocument((String) request.parameters().get("target"), 1, "activated by " + request.id(),
							List.of("operator"), "1 of approver", List.of(), false, Optional.empty(),
							Duration.ofHours(1), 20, "initiator"),
					request.initiator(), Optional.of(request.id().toString()));
			if (this.fail) {
				throw new IllegalStateException("disk full");
			}
			return activated.toJson();
		}

	}

}
