package io.countersign.server.access.internal.roles;

import java.net.http.HttpResponse;
import java.util.List;

import io.countersign.server.access.internal.AccessApi;
import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account delegated {@code roles:manage} (and what it needs besides to get anywhere:
 * creating accounts, issuing their tokens) tries every way from there to {@code admin}:
 * each is refused, recorded, and changes nothing. What it holds it may still hand out.
 */
class GrantorHoldsPermissionsTest extends PostgresApplicationTest {

	private ApiClient admin;

	private AccessApi access;

	private ApiClient grantor;

	@BeforeEach
	void aDelegatedRoleManager() {
		this.admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		this.access = new AccessApi(this.admin);
		if (this.admin.get("/api/v1/roles/delegate").statusCode() == 404) {
			HttpResponse<String> role = this.admin.post("/api/v1/roles", "application/json", """
					{"name":"delegate","description":"Manages roles, accounts and tokens",
					 "permissions":{"roles:manage":"all","roles:read":"all","users:read":"all",
					   "users:manage":"all","tokens:manage":"all","events:read":"all","ledger:read":"all",
					   "events:append":"own"}}""");
			assertThat(role.statusCode()).as(role.body()).isEqualTo(201);
		}
		String name = TestUsers.uniqueName("delegate");
		this.access.createUser(name, "delegate");
		this.grantor = this.access.as(name);
	}

	@Test
	void grantingAdminToAServiceAccountWithATokenIsRefusedAndTheTokenStaysPowerless() {
		String service = TestUsers.uniqueName("svc");
		HttpResponse<String> created = this.grantor.post("/api/v1/users", "application/json",
				"{\"username\":\"" + service + "\",\"kind\":\"service\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		HttpResponse<String> issued = this.grantor.post("/api/v1/users/" + service + "/tokens", "application/json",
				"{\"name\":\"ci\"}");
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		ApiClient asService = this.grantor.withToken(ApiClient.json(issued).get("token").asString());

		HttpResponse<String> grant = this.grantor.send("PUT", "/api/v1/users/" + service + "/roles/admin", "{}");
		HttpResponse<String> createdAsAdmin = this.grantor.post("/api/v1/users", "application/json",
				"{\"username\":\"" + TestUsers.uniqueName("svc") + "\",\"kind\":\"service\",\"roles\":[\"admin\"]}");

		assertThat(grant.statusCode()).isEqualTo(403);
		assertThat(AccessApi.code(grant)).isEqualTo("ERR_PERMISSION_DENIED");
		assertThat(ApiClient.json(grant).get("detail").asString()).contains("policies:manage");
		assertThat(AccessApi.code(createdAsAdmin)).isEqualTo("ERR_PERMISSION_DENIED");
		assertThat(ApiClient.json(this.admin.get("/api/v1/users/" + service + "/roles")).get("items")).isEmpty();
		assertThat(asService.get("/api/v1/users").statusCode()).isEqualTo(403);
		assertThat(this.access.events("authz_fail", service)).singleElement().satisfies((event) -> {
			assertThat(event.get("outcome").asString()).isEqualTo("denied");
			assertThat(event.get("action").asString()).isEqualTo("grant");
			assertThat(event.get("details").get("rule").asString()).isEqualTo("grantor holds permissions");
			assertThat(event.get("details").get("role").asString()).isEqualTo("admin");
		});
		assertThat(this.access.events("authz_change", service)).isEmpty();
	}

	@Test
	void creatingARoleWithPermissionsTheGrantorLacksIsRefused() {
		String everything = TestUsers.uniqueName("everything");
		StringBuilder all = new StringBuilder();
		for (JsonNode permission : ApiClient.json(this.admin.get("/api/v1/permissions")).get("items")) {
			all.append(all.isEmpty() ? "" : ",")
				.append('"')
				.append(permission.get("name").asString())
				.append("\":\"all\"");
		}
		String wider = TestUsers.uniqueName("wider");

		HttpResponse<String> allPermissions = this.grantor.post("/api/v1/roles", "application/json",
				"{\"name\":\"" + everything + "\",\"description\":\"d\",\"permissions\":{" + all + "}}");
		HttpResponse<String> widerScope = this.grantor.post("/api/v1/roles", "application/json",
				"{\"name\":\"" + wider + "\",\"description\":\"d\",\"permissions\":{\"events:append\":\"all\"}}");

		assertThat(allPermissions.statusCode()).isEqualTo(403);
		assertThat(AccessApi.code(allPermissions)).isEqualTo("ERR_PERMISSION_DENIED");
		assertThat(AccessApi.code(widerScope)).isEqualTo("ERR_PERMISSION_DENIED");
		assertThat(ApiClient.json(widerScope).get("detail").asString()).contains("events:append");
		assertThat(this.admin.get("/api/v1/roles/" + everything).statusCode()).isEqualTo(404);
		assertThat(this.admin.get("/api/v1/roles/" + wider).statusCode()).isEqualTo(404);
		assertThat(this.access.events("authz_fail", everything)).singleElement()
			.satisfies((event) -> assertThat(event.get("details").get("missing").toString()).contains("metrics:read")
				.doesNotContain("roles:manage")
				.doesNotContain("users:manage")
				.contains("policies:manage"));
		assertThat(this.access.events("privilege_permissions_changed", everything)).isEmpty();
	}

	@Test
	void addingAPermissionTheGrantorLacksToARoleIsRefused() {
		HttpResponse<String> added = this.grantor.send("PUT", "/api/v1/roles/viewer/permissions/policies:manage", "{}");

		assertThat(added.statusCode()).isEqualTo(403);
		assertThat(AccessApi.code(added)).isEqualTo("ERR_PERMISSION_DENIED");
		assertThat(ApiClient.json(this.admin.get("/api/v1/roles/viewer")).get("permissions").has("policies:manage"))
			.isFalse();
		assertThat(this.access.events("authz_fail", "viewer")).extracting((event) -> event.get("action").asString())
			.contains("grant_permission");
	}

	@Test
	void changingTheTotpRequirementOfARoleBeyondTheGrantorIsRefused() {
		HttpResponse<String> relaxed = this.grantor.send("PATCH", "/api/v1/roles/admin", "{\"requiresMfa\":false}");
		HttpResponse<String> tightened = this.grantor.send("PATCH", "/api/v1/roles/auditor", "{\"requiresMfa\":true}");

		assertThat(relaxed.statusCode()).isEqualTo(403);
		assertThat(AccessApi.code(relaxed)).isEqualTo("ERR_PERMISSION_DENIED");
		assertThat(AccessApi.code(tightened)).isEqualTo("ERR_PERMISSION_DENIED");
		assertThat(ApiClient.json(this.admin.get("/api/v1/roles/admin")).get("requiresMfa").asBoolean()).isTrue();
		assertThat(ApiClient.json(this.admin.get("/api/v1/roles/auditor")).get("requiresMfa").asBoolean()).isFalse();
		assertThat(this.access.events("authz_fail", "admin")).extracting((event) -> event.get("action").asString())
			.contains("change_mfa");
	}

	@Test
	void whatTheGrantorHoldsItMayStillHandOut() {
		String reader = TestUsers.uniqueName("reader");
		this.access.createUser(reader);
		String role = TestUsers.uniqueName("narrow");

		HttpResponse<String> grant = this.grantor.send("PUT", "/api/v1/users/" + reader + "/roles/viewer", "{}");
		HttpResponse<String> created = this.grantor.post("/api/v1/roles", "application/json",
				"{\"name\":\"" + role + "\",\"description\":\"d\",\"permissions\":{\"events:append\":\"own\"}}");
		HttpResponse<String> added = this.grantor.send("PUT", "/api/v1/roles/" + role + "/permissions/events:read",
				"{\"scope\":\"own\"}");
		HttpResponse<String> mfa = this.grantor.send("PATCH", "/api/v1/roles/" + role, "{\"requiresMfa\":true}");

		assertThat(grant.statusCode()).as(grant.body()).isEqualTo(200);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
		assertThat(mfa.statusCode()).as(mfa.body()).isEqualTo(200);
		assertThat(List.of(ApiClient.json(this.admin.get("/api/v1/users/" + reader + "/roles")).get("items").get(0)))
			.extracting((item) -> item.get("role").asString())
			.containsExactly("viewer");
	}

}
