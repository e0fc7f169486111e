package io.countersign.server.approval.internal.policies;

import java.net.http.HttpResponse;

import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.countersign.server.approval.internal.policies.PolicyApi.code;
import static io.countersign.server.approval.internal.policies.PolicyApi.policy;
import static io.countersign.server.approval.internal.policies.PolicyApi.propose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outside setup mode on PostgreSQL (a second admin exists): a policy change is a
 * {@code policy.change} request, and the policy is in force only once another admin
 * approved it and the initiator claimed the execution.
 */
class PolicyChangeApprovalTest extends PostgresApplicationTest {

	static final String JUSTIFICATION = "Rotation needs a second pair of eyes from now on";

	/** The second admin, created once per class (and database). */
	static Person root;

	ApprovalFixture fixture;

	ApiClient admin;

	@BeforeEach
	void secondAdmin() {
		this.admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		this.fixture = new ApprovalFixture(this.admin);
		if (root == null || !ApiClient.json(this.admin.get("/api/v1/users")).toString().contains(root.name())) {
			root = this.fixture.person("root", "admin");
			this.fixture.person("amy", "approver");
			this.fixture.person("ben", "approver");
		}
	}

	@Test
	void aPolicyChangeIsARequestAndTheOldPolicyStaysInForceUntilExecuted() {
		HttpResponse<String> response = propose(this.admin, policy("secret.rotate", "2 of approver")
				+ ",\"justification\":" + ApprovalFixture.quote(JUSTIFICATION) + "}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode body = ApiClient.json(response);
		assertThat(body.get("outcome").asString()).isEqualTo("requested");
		String id = body.get("request").get("id").asString();
		assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/approvals/" + id);
		assertThat(body.get("request").get("policy").get("actionType").asString()).isEqualTo("policy.change");
		assertThat(body.get("diff").asString()).startsWith("policy secret.rotate: new, version 1\n")
			.contains("+ quorum: 2 of approver\n");
		assertThat(this.admin.get("/api/v1/policies/secret.rotate").statusCode()).isEqualTo(404);

		JsonNode request = this.fixture.read(id);
		assertThat(request.get("state").asString()).isEqualTo("UNDER_REVIEW");
		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED", "POLICY_CHANGE_PROPOSED");
		JsonNode proposed = this.fixture.events(id).get(0).get("details").get("content").get("parameters");
		assertThat(proposed.get("policies").get(0).get("quorum").asString()).isEqualTo("2 of approver");
		assertThat(proposed.get("policies").get(0).get("version").asInt()).isEqualTo(1);

		// not executable before another admin approved it
		assertThat(code(this.admin.post("/api/v1/approvals/" + id + "/execution", "application/json", "")))
			.isEqualTo("ERR_QUORUM_NOT_MET");
		assertThat(this.admin.get("/api/v1/policies/secret.rotate").statusCode()).isEqualTo(404);

		HttpResponse<String> approved = this.fixture.decide(root, id, Verdict.APPROVE, "Agreed in the change board");
		assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
		assertThat(ApiClient.json(approved).get("state").asString()).isEqualTo("APPROVED");
		assertThat(this.admin.get("/api/v1/policies/secret.rotate").statusCode()).isEqualTo(404);

		// approved is not in force: the initiator's claim activates it
		HttpResponse<String> claimed = this.admin.post("/api/v1/approvals/" + id + "/execution", "application/json",
				"");
		assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
		assertThat(this.fixture.read(id).get("state").asString()).isEqualTo("EXECUTED");
		JsonNode policy = ApiClient.json(this.admin.get("/api/v1/policies/secret.rotate")).get("current");
		assertThat(policy.get("quorum").asString()).isEqualTo("2 of approver");
		assertThat(policy.get("version").asInt()).isEqualTo(1);
		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED", "POLICY_CHANGE_PROPOSED",
				"ACTION_APPROVED", "POLICY_CHANGE_APPROVED", "ACTION_EXECUTION_STARTED", "ACTION_EXECUTION_SUCCEEDED",
				"POLICY_CHANGE_ACTIVATED");
		JsonNode activated = this.fixture.events(id).get(6).get("details").get("policy");
		assertThat(activated.get("quorum").asString()).isEqualTo("2 of approver");
	}

	@Test
	void aChangeThatWentStaleBeforeItsClaimFailsAndChangesNothing() {
		HttpResponse<String> first = propose(this.admin, policy("queue.drain", "1 of approver") + ",\"justification\":"
				+ ApprovalFixture.quote(JUSTIFICATION) + "}");
		HttpResponse<String> second = propose(this.admin, policy("queue.drain", "2 of approver") + ",\"justification\":"
				+ ApprovalFixture.quote(JUSTIFICATION) + "}");
		String firstId = ApiClient.json(first).get("request").get("id").asString();
		String secondId = ApiClient.json(second).get("request").get("id").asString();
		for (String id : new String[] { firstId, secondId }) {
			HttpResponse<String> approved = this.fixture.decide(root, id, Verdict.APPROVE, "Fine by me");
			assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
		}

		assertThat(this.admin.post("/api/v1/approvals/" + secondId + "/execution", "application/json", "").statusCode())
			.isEqualTo(201);
		HttpResponse<String> stale = this.admin.post("/api/v1/approvals/" + firstId + "/execution", "application/json",
				"");

		assertThat(stale.statusCode()).as(stale.body()).isEqualTo(201);
		assertThat(this.fixture.read(firstId).get("state").asString()).isEqualTo("FAILED");
		assertThat(this.fixture.eventTypes(firstId)).contains("ACTION_EXECUTION_FAILED")
			.doesNotContain("POLICY_CHANGE_ACTIVATED");
		JsonNode history = ApiClient.json(this.admin.get("/api/v1/policies/queue.drain")).get("history");
		assertThat(history).hasSize(1);
		assertThat(history.get(0).get("quorum").asString()).isEqualTo("2 of approver");
	}

	@Test
	void aChangeWithTooShortAJustificationIsRefusedAndNothingIsRequested() {
		HttpResponse<String> response = propose(this.admin,
				policy("cache.flush", "1 of approver") + ",\"justification\":\"because\"}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(code(response)).isEqualTo("ERR_JUSTIFICATION_TOO_SHORT");
		JsonNode requests = ApiClient.json(this.admin.get("/api/v1/approvals"));
		assertThat(requests.toString()).doesNotContain("cache.flush");
	}

	@Test
	void anEditedImportIsOneRequestWhoseDiffShowsEveryChange() {
		String yaml = this.admin.get("/api/v1/policies/export").body();
		HttpResponse<String> same = this.admin.post("/api/v1/policies/import", "application/yaml", yaml);
		assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
		assertThat(ApiClient.json(same).get("outcome").asString()).isEqualTo("unchanged");

		int rotate = yaml.indexOf("actionType: role.grant.admin");
		String edited = yaml.substring(0, rotate).replace("Deleting or purging data", "Purging data")
				+ yaml.substring(rotate).replaceFirst("quorum: 1 of admin\n", "quorum: 1 of admin or 2 of approver\n")
				+ "  - actionType: report.publish\n    initiators: [operator]\n    quorum: 1 of approver\n";
		HttpResponse<String> response = this.admin.post(
				"/api/v1/policies/import?justification=Quarterly+review+of+the+approval+policies", "application/yaml",
				edited);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode body = ApiClient.json(response);
		assertThat(body.get("policies")).hasSize(3);
		assertThat(body.get("diff").asString()).contains("""
				policy data.purge: version 1 -> 2
				- description: Deleting or purging data
				+ description: Purging data
				policy report.publish: new, version 1
				""").contains("""
				policy role.grant.admin: version 1 -> 2
				- quorum: 1 of admin
				+ quorum: 1 of admin or 2 of approver
				""");
		assertThat(this.fixture.read(body.get("request").get("id").asString()).get("diff").asString())
			.isEqualTo(body.get("diff").asString());
		assertThat(this.admin.get("/api/v1/policies/export").body()).isEqualTo(yaml);
	}

	@Test
	void anActivatedChangeRollsBackThroughTheSameWorkflowRestoringThePreviousVersion() {
		HttpResponse<String> proposed = propose(this.admin,
				"{\"actionType\":\"ledger.key.rotate\",\"description\":\"Rotating the ledger keys\","
						+ "\"initiators\":[\"admin\"],\"quorum\":\"1 of admin\",\"minJustification\":40,"
						+ "\"justification\":" + ApprovalFixture.quote(JUSTIFICATION) + "}");
		assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(202);
		String id = ApiClient.json(proposed).get("request").get("id").asString();
		assertThat(this.fixture.decide(root, id, Verdict.APPROVE, "Longer reasons").statusCode()).isEqualTo(201);
		assertThat(this.admin.post("/api/v1/approvals/" + id + "/execution", "application/json", "").statusCode())
			.isEqualTo(201);
		JsonNode changed = ApiClient.json(this.admin.get("/api/v1/policies/ledger.key.rotate")).get("current");
		assertThat(changed.get("minJustification").asInt()).isEqualTo(40);

		HttpResponse<String> rollback = this.admin.post("/api/v1/approvals/" + id + "/rollback", "application/json",
				"{\"justification\":\"Forty characters turned out too many for on-call\"}");
		assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(201);
		String rollbackId = ApiClient.json(rollback).get("id").asString();
		assertThat(this.fixture.decide(root, rollbackId, Verdict.APPROVE, "Agreed").statusCode()).isEqualTo(201);
		HttpResponse<String> claimed = this.admin.post("/api/v1/approvals/" + rollbackId + "/execution",
				"application/json", "");

		assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
		assertThat(this.fixture.read(rollbackId).get("state").asString()).as(this.fixture.read(rollbackId).toString())
			.isEqualTo("EXECUTED");
		assertThat(this.fixture.read(id).get("state").asString()).isEqualTo("ROLLED_BACK");
		JsonNode history = ApiClient.json(this.admin.get("/api/v1/policies/ledger.key.rotate")).get("history");
		assertThat(history).extracting((version) -> version.get("minJustification").asInt())
			.containsExactly(20, 40, 20);
		assertThat(this.fixture.eventTypes(id)).endsWith("ACTION_ROLLED_BACK", "POLICY_CHANGE_ROLLED_BACK");
	}

}
