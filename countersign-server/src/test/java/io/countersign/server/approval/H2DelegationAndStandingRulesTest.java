package io.countersign.server.approval;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static io.countersign.server.approval.ApprovalFixture.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delegation and standing rules on the embedded H2 (migration V9 and the queries): a
 * delegated approval and an auto-approval, each on the ledger.
 */
class H2DelegationAndStandingRulesTest extends H2ApplicationTest {

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	@Test
	void aDelegatedDecisionAndAStandingRuleEachApprove() {
		ApprovalFixture fixture = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
		fixture.role("rulemaker", "approvals:decide", "approvals:read", "policies:manage");
		String type = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, type, "1 of rulemaker");
		Person ivan = fixture.person("ivan", "operator");
		Person alice = fixture.person("alice", "rulemaker");
		Person bob = fixture.person("bob", "approver");
		Instant until = Instant.now().plus(Duration.ofDays(1));

		HttpResponse<String> delegated = alice.api()
			.post("/api/v1/me/delegations", "application/json",
					"{\"delegate\":" + quote(bob.name()) + ",\"until\":\"" + until + "\",\"reason\":\"On leave\"}");
		assertThat(delegated.statusCode()).as(delegated.body()).isEqualTo(201);
		String id = fixture.open(ivan, type, "{\"secret\":\"db-c\"}").get("id").asString();
		JsonNode request = fixture.read(id);
		SigningMessage message = new SigningMessage(ApprovalRequestId.of(id), 1, Verdict.APPROVE, "For alice",
				RequestDigest.fromHex(request.get("digest").asString()), Optional.of(PersonId.of(alice.name())));
		HttpResponse<String> decided = bob.api()
			.post("/api/v1/approvals/" + id + "/decisions", "application/json",
					"{\"decision\":\"approve\",\"reason\":\"For alice\",\"keyId\":" + quote(bob.keyId())
							+ ",\"signature\":" + quote(bob.sign(message)) + ",\"onBehalfOf\":" + quote(alice.name())
							+ "}");
		assertThat(decided.statusCode()).as(decided.body()).isEqualTo(201);
		assertThat(ApiClient.json(decided).get("state").asString()).isEqualTo("APPROVED");

		HttpResponse<String> rule = alice.api()
			.post("/api/v1/standing-rules", "application/json",
					"{\"actionType\":" + quote(type) + ",\"constraints\":{\"secret\":{\"equals\":\"db-a\"}},"
							+ "\"until\":\"" + until + "\",\"reason\":\"Routine\"}");
		assertThat(rule.statusCode()).as(rule.body()).isEqualTo(201);
		JsonNode auto = fixture.open(ivan, type, "{\"secret\":\"db-a\"}");
		assertThat(auto.get("state").asString()).isEqualTo("APPROVED");
		assertThat(fixture.eventTypes(auto.get("id").asString())).containsExactly("ACTION_QUEUED",
				"ACTION_AUTO_APPROVED");
	}

}
