package io.countersign.server.access.internal.roles;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.countersign.server.access.internal.AccessApi;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.MutableClock;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles, permissions and grants over real HTTP on PostgreSQL: changes take effect on the
 * very next request, and nobody widens their own access.
 */
@Import(MutableClock.Configuration.class)
class RolesAndGrantsApiTest extends PostgresApplicationTest {

	@Autowired
	private MutableClock clock;

	private ApiClient admin;

	private AccessApi access;

	@BeforeEach
	void asAdmin() {
		this.admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		this.access = new AccessApi(this.admin);
	}

	@Test
	void grantedRoleWorksOnTheVeryNextRequest() {
		this.access.createUser("alma");
		ApiClient asAlma = this.access.as("alma");
		assertThat(asAlma.get("/api/v1/events?limit=1").statusCode()).isEqualTo(403);

		HttpResponse<String> granted = this.admin.send("PUT", "/api/v1/users/alma/roles/viewer", "{}");

		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
		JsonNode grant = ApiClient.json(granted);
		assertThat(grant.get("role").asString()).isEqualTo("viewer");
		assertThat(grant.get("source").asString()).isEqualTo("manual");
		assertThat(grant.get("grantedBy").asString()).isEqualTo("admin");
		assertThat(grant.has("expiresAt")).isFalse();
		assertThat(asAlma.get("/api/v1/events?limit=1").statusCode()).isEqualTo(200);
		assertThat(this.access.events("authz_change", "alma")).singleElement().satisfies((event) -> {
			assertThat(event.get("details").get("role").asString()).isEqualTo("viewer");
			assertThat(event.get("details").get("change").asString()).isEqualTo("grant");
			assertThat(event.get("outcome").asString()).isEqualTo("success");
		});
	}

	@Test
	void revokedRoleIsDeniedOnTheNextRequestOfAnExistingToken() {
		this.access.createUser("ben", "viewer");
		ApiClient asBen = this.access.as("ben");
		assertThat(asBen.get("/api/v1/events?limit=1").statusCode()).isEqualTo(200);

		HttpResponse<String> revoked = this.admin.send("DELETE", "/api/v1/users/ben/roles/viewer");

		assertThat(revoked.statusCode()).isEqualTo(204);
		HttpResponse<String> denied = asBen.get("/api/v1/events?limit=1");
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(AccessApi.code(denied)).isEqualTo("ERR_PERMISSION_DENIED");
		assertThat(ApiClient.json(denied).get("detail").asString()).contains("events:read");
		assertThat(ApiClient.json(this.admin.get("/api/v1/users/ben/roles")).get("items")).isEmpty();
		assertThat(this.access.events("authz_change", "ben")).hasSize(2);
	}

	@Test
	void timeLimitedGrantStopsWorkingWhenItExpires() {
		this.access.createUser("cleo");
		ApiClient asCleo = this.access.as("cleo");
		String expiresAt = this.clock.instant().plus(Duration.ofHours(8)).toString();

		HttpResponse<String> granted = this.admin.send("PUT", "/api/v1/users/cleo/roles/viewer",
				"{\"expiresAt\":\"" + expiresAt + "\"}");

		assertThat(ApiClient.json(granted).get("expiresAt").asString()).isEqualTo(expiresAt);
		assertThat(asCleo.get("/api/v1/events?limit=1").statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(asCleo.get("/api/v1/me")).get("roles")).hasSize(1);
		this.clock.advance(Duration.ofHours(8).plusSeconds(1));
		assertThat(asCleo.get("/api/v1/events?limit=1").statusCode()).isEqualTo(403);
		assertThat(ApiClient.json(asCleo.get("/api/v1/me")).get("roles")).isEmpty();
		assertThat(ApiClient.json(asCleo.get("/api/v1/me")).get("permissions")).isEmpty();
		assertThat(ApiClient.json(this.admin.get("/api/v1/users/cleo")).get("roles")).isEmpty();
		assertThat(this.access.events("authz_change", "cleo").get(0).get("details").get("expiresAt").asString())
			.isEqualTo(expiresAt);
	}

	@Test
	void grantsCannotExpireInThePast() {
		this.access.createUser("dina");
		String past = this.clock.instant().minusSeconds(60).toString();

		HttpResponse<String> response = this.admin.send("PUT", "/api/v1/users/dina/roles/viewer",
				"{\"expiresAt\":\"" + past + "\"}");

		assertThat(AccessApi.code(response)).isEqualTo("ERR_VALIDATION");
		assertThat(ApiClient.json(this.admin.get("/api/v1/users/dina/roles")).get("items")).isEmpty();
	}

	@Test
	void nobodyGrantsOrRevokesTheirOwnRolesAndTheAttemptIsRecorded() {
		ApiClient asManager = roleManager("eve");

		HttpResponse<String> grantSelf = asManager.send("PUT", "/api/v1/users/eve/roles/admin", "{}");
		HttpResponse<String> revokeSelf = asManager.send("DELETE", "/api/v1/users/eve/roles/role-manager");
		HttpResponse<String> adminRevokesSelf = this.admin.send("DELETE", "/api/v1/users/admin/roles/admin");

		assertThat(grantSelf.statusCode()).isEqualTo(403);
		assertThat(AccessApi.code(grantSelf)).isEqualTo("ERR_SELF_GRANT");
		assertThat(AccessApi.code(revokeSelf)).isEqualTo("ERR_SELF_GRANT");
		assertThat(AccessApi.code(adminRevokesSelf)).isEqualTo("ERR_SELF_GRANT");
		JsonNode roles = ApiClient.json(this.admin.get("/api/v1/users/eve/roles")).get("items");
		assertThat(roles).hasSize(1);
		assertThat(roles.get(0).get("role").asString()).isEqualTo("role-manager");
		assertThat(this.access.events("authz_fail", "eve")).hasSize(2).allSatisfy((event) -> {
			assertThat(event.get("outcome").asString()).isEqualTo("denied");
			assertThat(event.get("actor").get("id").asString()).isEqualTo("eve");
		});
		assertThat(this.access.events("authz_change", "eve")).hasSize(1);
		assertThat(this.admin.get("/api/v1/me").statusCode()).isEqualTo(200);
	}

	@Test
	void theLastAdminKeepsTheRole() {
		ApiClient asManager = adminEquivalent("finn");

		HttpResponse<String> lastAdmin = asManager.send("DELETE", "/api/v1/users/admin/roles/admin");
		// approvals: once gwen is the second admin, setup mode is over and each gated
		// policy needs one admin other than its initiator; with finn counting too (set
		// while still in setup mode), one of two admins may go and the last-admin rule is
		// what keeps the last one
		for (String gated : List.of("policy.change", "role.grant.admin", "ledger.key.rotate", "data.purge")) {
			HttpResponse<String> policy = this.admin.post("/api/v1/policies", "application/json", "{\"actionType\":\""
					+ gated + "\",\"initiators\":[\"admin\"],\"quorum\":\"1 of admin or 1 of admin-twin\"}");
			assertThat(policy.statusCode()).as(policy.body()).isEqualTo(201);
		}
		this.access.createUser("gwen", "admin");
		HttpResponse<String> oneOfTwo = asManager.send("DELETE", "/api/v1/users/gwen/roles/admin");
		HttpResponse<String> nowLast = asManager.send("DELETE", "/api/v1/users/admin/roles/admin");
		HttpResponse<String> limitLast = asManager.send("PUT", "/api/v1/users/admin/roles/admin",
				"{\"expiresAt\":\"" + this.clock.instant().plus(Duration.ofDays(1)) + "\"}");

		assertThat(lastAdmin.statusCode()).isEqualTo(409);
		assertThat(AccessApi.code(lastAdmin)).isEqualTo("ERR_LAST_ADMIN");
		assertThat(oneOfTwo.statusCode()).isEqualTo(204);
		assertThat(AccessApi.code(nowLast)).isEqualTo("ERR_LAST_ADMIN");
		assertThat(AccessApi.code(limitLast)).isEqualTo("ERR_LAST_ADMIN");
		assertThat(ApiClient.json(this.admin.get("/api/v1/users/admin/roles")).get("items").get(0).has("expiresAt"))
			.isFalse();
		assertThat(this.access.events("authz_change", "admin")).hasSize(1);
	}

	@Test
	void unknownRolesAndPermissionsAreNotFound() {
		this.access.createUser("hugo");

		HttpResponse<String> grant = this.admin.send("PUT", "/api/v1/users/hugo/roles/no-such-role", "{}");
		HttpResponse<String> create = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"ida\",\"roles\":[\"no-such-role\"]}");
		HttpResponse<String> role = this.admin.get("/api/v1/roles/no-such-role");
		HttpResponse<String> newRole = this.admin.post("/api/v1/roles", "application/json",
				"{\"name\":\"broken\",\"description\":\"d\",\"permissions\":{\"events:destroy\":\"all\"}}");
		HttpResponse<String> putPermission = this.admin.send("PUT", "/api/v1/roles/viewer/permissions/events:destroy",
				"{}");
		HttpResponse<String> account = this.admin.send("PUT", "/api/v1/users/nobody/roles/viewer", "{}");

		assertThat(grant.statusCode()).isEqualTo(404);
		assertThat(AccessApi.code(grant)).isEqualTo("ERR_UNKNOWN_ROLE");
		assertThat(AccessApi.code(create)).isEqualTo("ERR_UNKNOWN_ROLE");
		assertThat(this.admin.get("/api/v1/users/ida").statusCode()).isEqualTo(404);
		assertThat(AccessApi.code(role)).isEqualTo("ERR_UNKNOWN_ROLE");
		assertThat(newRole.statusCode()).isEqualTo(404);
		assertThat(AccessApi.code(newRole)).isEqualTo("ERR_UNKNOWN_PERMISSION");
		assertThat(this.admin.get("/api/v1/roles/broken").statusCode()).isEqualTo(404);
		assertThat(AccessApi.code(putPermission)).isEqualTo("ERR_UNKNOWN_PERMISSION");
		assertThat(AccessApi.code(account)).isEqualTo("ERR_ACCOUNT_NOT_FOUND");
	}

	@Test
	void managingUsersAloneDoesNotAllowCreatingThemWithRoles() {
		HttpResponse<String> role = this.admin.post("/api/v1/roles", "application/json",
				"{\"name\":\"user-manager\",\"description\":\"d\",\"permissions\":{\"users:manage\":\"all\"}}");
		assertThat(role.statusCode()).isEqualTo(201);
		this.access.createUser("lou", "user-manager");
		ApiClient asLou = this.access.as("lou");

		HttpResponse<String> withRoles = asLou.post("/api/v1/users", "application/json",
				"{\"username\":\"puppet\",\"roles\":[\"admin\"]}");
		HttpResponse<String> withoutRoles = asLou.post("/api/v1/users", "application/json", "{\"username\":\"plain\"}");

		assertThat(withRoles.statusCode()).isEqualTo(403);
		assertThat(AccessApi.code(withRoles)).isEqualTo("ERR_PERMISSION_DENIED");
		assertThat(ApiClient.json(withRoles).get("detail").asString()).contains("roles:manage");
		assertThat(this.admin.get("/api/v1/users/puppet").statusCode()).isEqualTo(404);
		assertThat(withoutRoles.statusCode()).isEqualTo(201);
	}

	@Test
	void aHolderMayNotDropTheTotpRequirementOfTheirOwnRoleButMayTightenIt() {
		HttpResponse<String> relaxed = this.admin.send("PATCH", "/api/v1/roles/admin", "{\"requiresMfa\":false}");
		HttpResponse<String> tightened = this.admin.send("PATCH", "/api/v1/roles/viewer", "{\"requiresMfa\":true}");

		assertThat(relaxed.statusCode()).isEqualTo(403);
		assertThat(AccessApi.code(relaxed)).isEqualTo("ERR_SELF_GRANT");
		assertThat(ApiClient.json(this.admin.get("/api/v1/roles/admin")).get("requiresMfa").asBoolean()).isTrue();
		assertThat(this.access.events("authz_fail", "admin")).extracting((event) -> event.get("action").asString())
			.contains("relax_mfa");
		assertThat(tightened.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(tightened).get("requiresMfa").asBoolean()).isTrue();
	}

	@Test
	void revokingAnUnknownRoleIsNotFoundAndRevokingAnUnheldRoleChangesNothing() {
		this.access.createUser("mia");

		HttpResponse<String> unknown = this.admin.send("DELETE", "/api/v1/users/mia/roles/no-such-role");
		HttpResponse<String> unheld = this.admin.send("DELETE", "/api/v1/users/mia/roles/viewer");

		assertThat(AccessApi.code(unknown)).isEqualTo("ERR_UNKNOWN_ROLE");
		assertThat(unheld.statusCode()).isEqualTo(204);
		assertThat(this.access.events("authz_change", "mia")).isEmpty();
	}

	@Test
	void nobodyChangesThePermissionsOfARoleTheyHold() {
		ApiClient asManager = roleManager("jon");

		HttpResponse<String> widenOwn = asManager.send("PUT", "/api/v1/roles/role-manager/permissions/users:manage",
				"{}");
		HttpResponse<String> adminWidensAdmin = this.admin.send("DELETE",
				"/api/v1/roles/admin/permissions/metrics:read");
		HttpResponse<String> otherRole = asManager.send("PUT", "/api/v1/roles/viewer/permissions/users:read",
				"{\"scope\":\"all\"}");

		assertThat(widenOwn.statusCode()).isEqualTo(403);
		assertThat(AccessApi.code(widenOwn)).isEqualTo("ERR_SELF_GRANT");
		assertThat(AccessApi.code(adminWidensAdmin)).isEqualTo("ERR_SELF_GRANT");
		JsonNode managerRole = ApiClient.json(this.admin.get("/api/v1/roles/role-manager"));
		assertThat(managerRole.get("permissions").has("users:manage")).isFalse();
		assertThat(ApiClient.json(this.admin.get("/api/v1/roles/admin")).get("permissions").has("metrics:read"))
			.isTrue();
		assertThat(this.access.events("authz_fail", "role-manager")).hasSize(1);
		assertThat(otherRole.statusCode()).as(otherRole.body()).isEqualTo(200);
		this.admin.send("DELETE", "/api/v1/roles/viewer/permissions/users:read");
	}

	@Test
	void rolesAreCreatedChangedAndDeletedWithEveryChangeRecorded() {
		HttpResponse<String> created = this.admin.post("/api/v1/roles", "application/json", """
				{"name":"release-bot","description":"Appends release events",
				 "permissions":{"events:append":"own","events:read":"own"}}""");
		HttpResponse<String> duplicate = this.admin.post("/api/v1/roles", "application/json",
				"{\"name\":\"release-bot\",\"description\":\"again\"}");
		HttpResponse<String> mfa = this.admin.send("PATCH", "/api/v1/roles/release-bot", "{\"requiresMfa\":true}");
		HttpResponse<String> widened = this.admin.send("PUT", "/api/v1/roles/release-bot/permissions/events:read",
				"{\"scope\":\"all\"}");
		HttpResponse<String> added = this.admin.send("PUT", "/api/v1/roles/release-bot/permissions/ledger:read", "");
		HttpResponse<String> removed = this.admin.send("DELETE", "/api/v1/roles/release-bot/permissions/events:append");
		this.access.createUser("kai", "release-bot");
		HttpResponse<String> builtIn = this.admin.send("DELETE", "/api/v1/roles/viewer");
		HttpResponse<String> deleted = this.admin.send("DELETE", "/api/v1/roles/release-bot");

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode role = ApiClient.json(created);
		assertThat(role.get("builtIn").asBoolean()).isFalse();
		assertThat(role.get("requiresMfa").asBoolean()).isFalse();
		assertThat(role.get("permissions").get("events:append").asString()).isEqualTo("own");
		assertThat(duplicate.statusCode()).isEqualTo(409);
		assertThat(AccessApi.code(duplicate)).isEqualTo("ERR_ROLE_EXISTS");
		assertThat(ApiClient.json(mfa).get("requiresMfa").asBoolean()).isTrue();
		assertThat(ApiClient.json(widened).get("permissions").get("events:read").asString()).isEqualTo("all");
		assertThat(ApiClient.json(added).get("permissions").get("ledger:read").asString()).isEqualTo("all");
		assertThat(removed.statusCode()).isEqualTo(204);
		assertThat(builtIn.statusCode()).isEqualTo(409);
		assertThat(AccessApi.code(builtIn)).isEqualTo("ERR_BUILT_IN_ROLE");
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(this.admin.get("/api/v1/roles/release-bot").statusCode()).isEqualTo(404);
		assertThat(ApiClient.json(this.admin.get("/api/v1/users/kai")).get("roles")).isEmpty();
		assertThat(this.access.events("privilege_permissions_changed", "release-bot"))
			.extracting((event) -> event.get("action").asString())
			.containsExactly("create", "update", "grant_permission", "grant_permission", "revoke_permission", "delete");
		JsonNode change = this.access.events("privilege_permissions_changed", "release-bot").get(2).get("details");
		assertThat(change.get("permission").asString()).isEqualTo("events:read");
		assertThat(change.get("scope").asString()).isEqualTo("all");
		assertThat(change.get("role").asString()).isEqualTo("release-bot");
	}

	@Test
	void rolesAndPermissionsCanBeRead() {
		JsonNode permissions = ApiClient.json(this.admin.get("/api/v1/permissions")).get("items");
		JsonNode roles = ApiClient.json(this.admin.get("/api/v1/roles")).get("items");
		JsonNode auditor = ApiClient.json(this.admin.get("/api/v1/roles/auditor"));

		assertThat(permissions).anySatisfy((permission) -> {
			assertThat(permission.get("name").asString()).isEqualTo("roles:manage");
			assertThat(permission.get("description").asString()).isNotBlank();
		});
		assertThat(roles).extracting((role) -> role.get("name").asString())
			.contains("admin", "operator", "approver", "auditor", "viewer", "agent");
		assertThat(auditor.get("builtIn").asBoolean()).isTrue();
		assertThat(auditor.get("permissions").get("ledger:verify").asString()).isEqualTo("all");
	}

	/**
	 * An account holding every permission of {@code admin} through another role, so the
	 * grantor rule lets it grant admin and only the last-admin rule stands in its way.
	 */
	private ApiClient adminEquivalent(String username) {
		if (this.admin.get("/api/v1/roles/admin-twin").statusCode() == 404) {
			JsonNode permissions = ApiClient.json(this.admin.get("/api/v1/roles/admin")).get("permissions");
			HttpResponse<String> role = this.admin.post("/api/v1/roles", "application/json",
					"{\"name\":\"admin-twin\",\"description\":\"d\",\"permissions\":" + permissions + "}");
			assertThat(role.statusCode()).as(role.body()).isEqualTo(201);
		}
		this.access.createUser(username, "admin-twin");
		return this.access.as(username);
	}

	/**
	 * An account holding a custom role that may manage roles (but is not admin), with a
	 * client authenticated as it.
	 */
	private ApiClient roleManager(String username) {
		if (this.admin.get("/api/v1/roles/role-manager").statusCode() == 404) {
			HttpResponse<String> role = this.admin.post("/api/v1/roles", "application/json", """
					{"name":"role-manager","description":"Grants roles",
					 "permissions":{"roles:manage":"all","roles:read":"all","users:read":"all"}}""");
			assertThat(role.statusCode()).as(role.body()).isEqualTo(201);
		}
		this.access.createUser(username, "role-manager");
		return this.access.as(username);
	}

}
