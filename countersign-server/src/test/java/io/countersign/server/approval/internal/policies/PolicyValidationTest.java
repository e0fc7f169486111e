package io.countersign.server.approval.internal.policies;

import java.net.http.HttpResponse;

import io.countersign.server.testing.PostgresApplicationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.countersign.server.approval.internal.policies.PolicyApi.code;
import static io.countersign.server.approval.internal.policies.PolicyApi.detail;
import static io.countersign.server.approval.internal.policies.PolicyApi.policy;
import static io.countersign.server.approval.internal.policies.PolicyApi.propose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saving a policy on PostgreSQL: what is refused (a 4xx with a stable code, and nothing
 * stored) and what the refusal names.
 */
class PolicyValidationTest extends PostgresApplicationTest {

	PolicyApi policies;

	@BeforeEach
	void api() {
		this.policies = PolicyApi.of(this.api);
	}

	@Test
	void aQuorumThatDoesNotParseIsRefusedNamingThePosition() {
		HttpResponse<String> response = propose(this.policies.admin(), policy("secret.rotate", "2 approver") + "}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(code(response)).isEqualTo("ERR_INVALID_QUORUM");
		assertThat(detail(response)).contains("character 3").contains("expected \"of\"");
		assertThat(this.policies.admin().get("/api/v1/policies/secret.rotate").statusCode()).isEqualTo(404);
	}

	@Test
	void badMembersAreRefusedNamingTheMember() {
		assertRefused("{\"actionType\":\"Secret Rotate\",\"initiators\":[\"operator\"],\"quorum\":\"1 of admin\"}",
				"ERR_VALIDATION", "actionType");
		assertRefused(policy("secret.rotate", "1 of admin").replace("\"initiator\"", "\"webhook\"") + "}",
				"ERR_VALIDATION", "executor");
		assertRefused(policy("secret.rotate", "1 of admin").replace("\"initiator\"", "\"cron\"") + "}",
				"ERR_VALIDATION", "execution");
		assertRefused(policy("secret.rotate", "1 of admin").replace("PT24H", "PT1S") + "}", "ERR_VALIDATION",
				"expiresIn");
		assertRefused(policy("secret.rotate", "1 of admin").replace("PT24H", "P400D") + "}", "ERR_VALIDATION",
				"expiresIn");
		assertRefused(policy("secret.rotate", "1 of admin").replace("PT24H", "tomorrow") + "}", "ERR_VALIDATION",
				"ISO 8601");
		assertRefused(policy("secret.rotate", "1 of admin").replace(":20", ":-1") + "}", "ERR_VALIDATION",
				"minJustification");
		assertRefused(policy("secret.rotate", "1 of sre-oncall") + "}", "ERR_VALIDATION", "sre-oncall");
		assertRefused(policy("secret.rotate", "1 of admin", "nobody") + "}", "ERR_VALIDATION", "nobody");
		assertRefused(policy("secret.rotate", "1 of admin") + ",\"veto\":[\"ghosts\"]}", "ERR_VALIDATION", "ghosts");
		assertRefused(policy("secret.rotate", "1 of admin") + ",\"quorom\":\"2 of admin\"}", "ERR_VALIDATION",
				"quorom");
		assertRefused(
				policy("secret.rotate", "1 of admin").replace("Test policy", "line\\n+ quorum: 1 of viewer") + "}",
				"ERR_VALIDATION", "description");
		assertThat(this.policies.admin().get("/api/v1/policies/secret.rotate").statusCode()).isEqualTo(404);
	}

	@Test
	void anUnreachableQuorumIsRefusedNamingThePolicyAndTheTerm() {
		// nobody holds approver: two of them cannot approve
		HttpResponse<String> response = propose(this.policies.admin(), policy("db.migrate", "2 of approver") + "}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
		assertThat(code(response)).isEqualTo("ERR_QUORUM_UNREACHABLE");
		assertThat(detail(response)).contains("'db.migrate'").contains("'2 of approver'");
		assertThat(this.policies.admin().get("/api/v1/policies/db.migrate").statusCode()).isEqualTo(404);

		// one approver is not enough either; two are
		this.policies.createUser("amy", "approver");
		assertThat(code(propose(this.policies.admin(), policy("db.migrate", "2 of approver") + "}")))
			.isEqualTo("ERR_QUORUM_UNREACHABLE");
		this.policies.createUser("ben", "approver");
		assertThat(propose(this.policies.admin(), policy("db.migrate", "2 of approver") + "}").statusCode())
			.isEqualTo(201);
	}

	@Test
	void theInitiatorDoesNotCountTowardsReachability() {
		// carl may initiate and approve; with only him holding the role, nobody else can
		// approve his request
		this.policies.createRole("cache-keeper", "approvals:request", "approvals:decide");
		this.policies.createUser("carl", "cache-keeper");
		HttpResponse<String> response = propose(this.policies.admin(),
				policy("cache.flush", "1 of cache-keeper", "cache-keeper") + "}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
		assertThat(detail(response)).contains("'cache.flush'").contains("'1 of cache-keeper'").contains("'carl'");
	}

	private void assertRefused(String json, String code, String detail) {
		HttpResponse<String> response = propose(this.policies.admin(), json);
		assertThat(response.statusCode()).as(json + " -> " + response.body()).isEqualTo(400);
		assertThat(code(response)).as(response.body()).isEqualTo(code);
		if (!detail.isEmpty()) {
			assertThat(detail(response)).as(response.body()).contains(detail);
		}
	}

}
