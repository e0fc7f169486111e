package io.countersign.server.approval.internal.policies;

import java.net.http.HttpResponse;

import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;

import static io.countersign.server.approval.internal.policies.PolicyApi.code;
import static io.countersign.server.approval.internal.policies.PolicyApi.policy;
import static io.countersign.server.approval.internal.policies.PolicyApi.propose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The happy path on the embedded H2: a policy applied in setup mode, setup mode ended by
 * the second admin, a change approved by them and activated at the claim, the YAML round
 * trip, and an unreachable quorum refused on archiving.
 */
class H2PoliciesTest extends H2ApplicationTest {

	@Test
	void policiesFromSetupModeToAnApprovedChange() {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		ApprovalFixture fixture = new ApprovalFixture(admin);
		PolicyApi policies = new PolicyApi(admin);
		policies.createUser("amy", "approver");
		policies.createUser("ben", "approver");
		assertThat(propose(admin, policy("secret.rotate", "1 of approver") + "}").statusCode()).isEqualTo(201);

		Person root = fixture.person("root", "admin");
		assertThat(ApiClient.json(admin.get("/api/v1/policies")).get("setupMode").asBoolean()).isFalse();
		assertThat(policies.events("SETUP_MODE_ENDED")).hasSize(1);

		HttpResponse<String> proposed = propose(admin, policy("secret.rotate", "2 of approver")
				+ ",\"justification\":\"Two approvers for every rotation from now on\"}");
		assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(202);
		String id = ApiClient.json(proposed).get("request").get("id").asString();
		assertThat(fixture.decide(root, id, Verdict.APPROVE, "Agreed").statusCode()).isEqualTo(201);
		assertThat(admin.post("/api/v1/approvals/" + id + "/execution", "application/json", "").statusCode())
			.isEqualTo(201);
		assertThat(ApiClient.json(admin.get("/api/v1/policies/secret.rotate")).get("current").get("quorum").asString())
			.isEqualTo("2 of approver");

		String yaml = admin.get("/api/v1/policies/export").body();
		assertThat(admin.post("/api/v1/policies/import", "application/yaml", yaml).statusCode()).isEqualTo(200);

		HttpResponse<String> archived = admin.post("/api/v1/users/amy/archive", "application/json", "");
		assertThat(archived.statusCode()).as(archived.body()).isEqualTo(409);
		assertThat(code(archived)).isEqualTo("ERR_QUORUM_UNREACHABLE");
	}

}
