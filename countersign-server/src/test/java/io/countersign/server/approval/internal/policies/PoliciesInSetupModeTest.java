package io.countersign.server.approval.internal.policies;

import java.net.http.HttpResponse;
import java.util.List;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.countersign.server.approval.internal.policies.PolicyApi.code;
import static io.countersign.server.approval.internal.policies.PolicyApi.detail;
import static io.countersign.server.approval.internal.policies.PolicyApi.policy;
import static io.countersign.server.approval.internal.policies.PolicyApi.propose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh installation on PostgreSQL has one admin: policy changes, one by one or as a
 * YAML import, apply at once and are recorded with reason {@code setup}.
 */
class PoliciesInSetupModeTest extends PostgresApplicationTest {

	@Test
	void policiesApplyDirectlyInSetupModeAndRoundTripThroughYaml() {
		PolicyApi policies = PolicyApi.of(this.api);
		ApiClient admin = policies.admin();
		JsonNode list = ApiClient.json(admin.get("/api/v1/policies"));
		assertThat(list.get("setupMode").asBoolean()).isTrue();
		assertThat(list.get("items")).extracting((item) -> item.get("actionType").asString())
			.containsExactly("data.purge", "ledger.key.rotate", "policy.change", "role.grant.admin");

		// a new policy applies at once, recorded with reason setup
		policies.createUser("amy", "approver");
		policies.createUser("ben", "approver");
		HttpResponse<String> saved = propose(admin, policy("secret.rotate", "1 OF approver") + "}");
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
		JsonNode body = ApiClient.json(saved);
		assertThat(body.get("reason").asString()).isEqualTo("setup");
		assertThat(body.get("policy").get("quorum").asString()).isEqualTo("1 of approver");
		assertThat(body.get("policy").get("version").asInt()).isEqualTo(1);
		List<JsonNode> applied = policies.events("POLICY_APPLIED_IN_SETUP", "secret.rotate");
		assertThat(applied).hasSize(1);
		assertThat(applied.get(0).get("reason").asString()).isEqualTo("setup");
		assertThat(applied.get(0).get("details").get("policy").get("quorum").asString()).isEqualTo("1 of approver");

		// the same again changes nothing
		HttpResponse<String> again = propose(admin, policy("secret.rotate", "1 of approver") + "}");
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(again).get("outcome").asString()).isEqualTo("unchanged");

		// export, import the same: no change, no event
		HttpResponse<String> exported = admin.get("/api/v1/policies/export");
		assertThat(exported.statusCode()).isEqualTo(200);
		assertThat(exported.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/yaml"));
		String yaml = exported.body();
		assertThat(yaml).contains("actionType: secret.rotate").contains("quorum: 1 of approver");
		HttpResponse<String> same = admin.post("/api/v1/policies/import", "application/yaml", yaml);
		assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
		assertThat(ApiClient.json(same).get("policies")).hasSize(5);
		assertThat(admin.get("/api/v1/policies/export").body()).isEqualTo(yaml);
		assertThat(policies.events("POLICY_APPLIED_IN_SETUP", "secret.rotate")).hasSize(1);

		// an edited import applies what changed, and the event shows the diff
		String edited = yaml.replace("quorum: 1 of approver", "quorum: 2 of approver");
		HttpResponse<String> changed = admin.post("/api/v1/policies/import", "application/yaml", edited);
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(201);
		assertThat(ApiClient.json(changed).get("policies")).hasSize(1);
		JsonNode history = ApiClient.json(admin.get("/api/v1/policies/secret.rotate"));
		assertThat(history.get("current").get("version").asInt()).isEqualTo(2);
		assertThat(history.get("history")).extracting((item) -> item.get("quorum").asString())
			.containsExactly("1 of approver", "2 of approver");
		List<JsonNode> events = policies.events("POLICY_APPLIED_IN_SETUP", "secret.rotate");
		assertThat(events).hasSize(2);
		assertThat(events.get(1).get("details").get("diff").asString())
			.isEqualTo("policy secret.rotate: version 1 -> 2\n- quorum: 1 of approver\n+ quorum: 2 of approver\n");
		assertThat(admin.get("/api/v1/policies/export").body()).isEqualTo(edited);
	}

	@Test
	void aBadImportIsRefusedWholeNamingTheLine() {
		ApiClient admin = PolicyApi.of(this.api).admin();
		String yaml = """
				policies:
				  - actionType: first.change
				    initiators: [admin]
				    quorum: 1 of admin
				    minJustification: 0
				  - actionType: second.change
				    initiators: [admin]
				    quorum: 1 of admin or
				""";
		HttpResponse<String> response = admin.post("/api/v1/policies/import", "application/yaml", yaml);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(code(response)).isEqualTo("ERR_INVALID_QUORUM");
		assertThat(detail(response)).startsWith("line 6: ").contains("character 14");
		assertThat(admin.get("/api/v1/policies/first.change").statusCode()).isEqualTo(404);

		HttpResponse<String> broken = admin.post("/api/v1/policies/import", "application/yaml",
				"policies:\n  - actionType: a.b\n   quorum: 1 of admin\n");
		assertThat(broken.statusCode()).isEqualTo(400);
		assertThat(code(broken)).isEqualTo("ERR_VALIDATION");
		assertThat(detail(broken)).contains("line 3, column");
	}

}
