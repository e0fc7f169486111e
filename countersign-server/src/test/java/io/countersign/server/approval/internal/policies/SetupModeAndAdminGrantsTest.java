package io.countersign.server.approval.internal.policies;

import java.net.http.HttpResponse;
import java.util.List;

import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.countersign.server.approval.internal.policies.PolicyApi.code;
import static io.countersign.server.approval.internal.policies.PolicyApi.detail;
import static io.countersign.server.approval.internal.policies.PolicyApi.policy;
import static io.countersign.server.approval.internal.policies.PolicyApi.propose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The life of setup mode on PostgreSQL, in one story (it ends once per installation): it
 * ends, on the ledger, in the transaction that makes the second admin; from then on
 * granting admin is a {@code role.grant.admin} request; archiving an admin does not bring
 * setup mode back, and archiving the last other admin is refused because the gated
 * policies could no longer be approved.
 */
class SetupModeAndAdminGrantsTest extends PostgresApplicationTest {

	static final String JUSTIFICATION = "Carol joins the platform on-call rota this week";

	@Test
	void setupModeEndsWithTheSecondAdminForGoodAndThenGrantingAdminNeedsAnApproval() {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		ApprovalFixture fixture = new ApprovalFixture(admin);
		PolicyApi policies = new PolicyApi(admin);
		assertThat(setupMode(admin)).isTrue();
		assertThat(policies.events("SETUP_MODE_ENDED")).isEmpty();

		// the second admin: granted directly with reason setup, and setup mode ends with
		// it
		Person root = fixture.person("root", "admin");
		assertThat(setupMode(admin)).isFalse();
		List<JsonNode> ended = policies.events("SETUP_MODE_ENDED");
		assertThat(ended).hasSize(1);
		assertThat(ended.get(0).get("details").get("admins").asInt()).isEqualTo(2);
		List<JsonNode> granted = policies.events("authz_change", root.name());
		assertThat(granted).hasSize(1);
		assertThat(granted.get(0).get("reason").asString()).isEqualTo("setup");

		// now a new account cannot come with admin, and granting it is a request
		HttpResponse<String> created = admin.post("/api/v1/users", "application/json",
				"{\"username\":\"mallory\",\"roles\":[\"admin\"]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(403);
		assertThat(detail(created)).contains("role.grant.admin");
		assertThat(admin.get("/api/v1/users/mallory").statusCode()).isEqualTo(404);

		Person carol = fixture.person("carol");
		HttpResponse<String> asked = admin.send("PUT", "/api/v1/users/" + carol.name() + "/roles/admin",
				"{\"justification\":" + ApprovalFixture.quote(JUSTIFICATION) + "}");
		assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
		JsonNode request = ApiClient.json(asked).get("request");
		String id = request.get("id").asString();
		assertThat(request.get("policy").get("actionType").asString()).isEqualTo("role.grant.admin");
		assertThat(asked.headers().firstValue("Location")).hasValue("/api/v1/approvals/" + id);
		assertThat(roles(admin, carol.name())).isEmpty();

		HttpResponse<String> approved = fixture.decide(root, id, Verdict.APPROVE, "Carol is on the rota");
		assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
		assertThat(roles(admin, carol.name())).isEmpty();
		HttpResponse<String> claimed = admin.post("/api/v1/approvals/" + id + "/execution", "application/json", "");
		assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
		assertThat(fixture.read(id).get("state").asString()).isEqualTo("EXECUTED");
		assertThat(roles(admin, carol.name())).containsExactly("admin");
		JsonNode grant = policies.events("authz_change", carol.name()).get(0);
		assertThat(grant.get("links").get("approval_id").asString()).isEqualTo(id);
		assertThat(grant.get("actor").get("id").asString()).isEqualTo("admin");

		// archiving the third admin does not bring setup mode back
		HttpResponse<String> archived = admin.post("/api/v1/users/" + carol.name() + "/archive", "application/json",
				"");
		assertThat(archived.statusCode()).as(archived.body()).isEqualTo(200);
		assertThat(setupMode(admin)).isFalse();
		assertThat(propose(admin, policy("cache.flush", "1 of admin", "admin") + ",\"justification\":"
				+ ApprovalFixture.quote(JUSTIFICATION) + "}")
			.statusCode()).isEqualTo(202);

		// archiving the last admin besides the bootstrap one would leave nobody to
		// approve
		// a policy change: refused, naming the policy and the term
		HttpResponse<String> last = admin.post("/api/v1/users/" + root.name() + "/archive", "application/json", "");
		assertThat(last.statusCode()).as(last.body()).isEqualTo(409);
		assertThat(code(last)).isEqualTo("ERR_QUORUM_UNREACHABLE");
		assertThat(detail(last)).contains("'" + root.name() + "'").contains("'1 of admin'");
		assertThat(roles(admin, root.name())).containsExactly("admin");
		assertThat(policies.events("user_archived", root.name())).isEmpty();
		assertThat(policies.events("SETUP_MODE_ENDED")).hasSize(1);
	}

	private static boolean setupMode(ApiClient admin) {
		return ApiClient.json(admin.get("/api/v1/policies")).get("setupMode").asBoolean();
	}

	private static List<String> roles(ApiClient admin, String username) {
		return ApiClient.json(admin.get("/api/v1/users/" + username + "/roles"))
			.get("items")
			.valueStream()
			.map((item) -> item.get("role").asString())
			.toList();
	}

}
