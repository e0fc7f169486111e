package io.countersign.server.access.internal.accounts;

import java.net.http.HttpResponse;

import io.countersign.server.access.internal.AccessApi;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The owner of a service account over HTTP on PostgreSQL: set when it is created (the
 * creating person unless named), changed only with users:manage and always to an active
 * user account, every change on the ledger (docs/decisions/020).
 */
class ServiceAccountOwnerApiTest extends PostgresApplicationTest {

	@Autowired
	private JdbcClient jdbc;

	private ApiClient admin;

	private AccessApi access;

	@BeforeEach
	void asAdmin() {
		this.admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		this.access = new AccessApi(this.admin);
	}

	@Test
	void aServiceAccountIsOwnedByItsCreatorUnlessAnotherPersonIsNamed() {
		String alice = name("alice");
		this.access.createUser(alice, "viewer");
		String byDefault = name("bot");
		String named = name("bot");

		JsonNode first = created(service(byDefault, null));
		JsonNode second = created(service(named, alice));

		assertThat(first.get("owner").asString()).isEqualTo("admin");
		assertThat(second.get("owner").asString()).isEqualTo(alice);
		assertThat(ApiClient.json(this.admin.get("/api/v1/users/" + named)).get("owner").asString()).isEqualTo(alice);
		assertThat(ApiClient.json(this.admin.get("/api/v1/users/" + alice)).has("owner")).isFalse();
		assertThat(this.access.events("user_created", named)).singleElement()
			.satisfies((event) -> assertThat(event.get("details").get("owner").asString()).isEqualTo(alice));
	}

	@Test
	void aServiceAccountCreatingAnotherPassesOnItsOwnOwnerAndAnOwnerlessOneMustNameOne() {
		String alice = name("alice");
		this.access.createUser(alice, "viewer");
		makeRole("account-maker", "users:manage", "users:read");
		String maker = name("maker");
		created(this.admin.post("/api/v1/users", "application/json", "{\"username\":\"" + maker
				+ "\",\"kind\":\"service\",\"owner\":\"" + alice + "\",\"roles\":[\"account-maker\"]}"));
		ApiClient asMaker = this.access.as(maker);

		String child = name("bot");
		JsonNode made = created(asMaker.post("/api/v1/users", "application/json",
				"{\"username\":\"" + child + "\",\"kind\":\"service\"}"));
		assertThat(made.get("owner").asString()).isEqualTo(alice);

		String orphan = name("orphan");
		created(this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"" + orphan + "\",\"kind\":\"service\",\"roles\":[\"account-maker\"]}"));
		// as a service account from before owners existed
		clearOwner(orphan);
		String refusedName = name("bot");
		HttpResponse<String> refused = this.access.as(orphan)
			.post("/api/v1/users", "application/json", "{\"username\":\"" + refusedName + "\",\"kind\":\"service\"}");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(AccessApi.code(refused)).isEqualTo("ERR_VALIDATION");
		assertThat(this.admin.get("/api/v1/users/" + refusedName).statusCode()).isEqualTo(404);
	}

	@Test
	void anOwnerMustBeAnActiveUserAccountAndOnlyServiceAccountsHaveOne() {
		String bot = name("bot");
		created(service(bot, null));
		String archived = name("gone");
		this.access.createUser(archived, "viewer");
		assertThat(this.admin.post("/api/v1/users/" + archived + "/archive", "application/json", "").statusCode())
			.isEqualTo(200);

		for (String owner : new String[] { "nobody-" + name("x"), bot, archived }) {
			String attempt = name("bot");
			HttpResponse<String> refused = service(attempt, owner);
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
			assertThat(AccessApi.code(refused)).isEqualTo("ERR_VALIDATION");
			assertThat(ApiClient.json(refused).get("detail").asString()).contains("owner");
			assertThat(this.admin.get("/api/v1/users/" + attempt).statusCode()).isEqualTo(404);
		}
		String user = name("user");
		HttpResponse<String> userWithOwner = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"" + user + "\",\"owner\":\"admin\"}");
		assertThat(AccessApi.code(userWithOwner)).isEqualTo("ERR_VALIDATION");
		assertThat(this.admin.get("/api/v1/users/" + user).statusCode()).isEqualTo(404);
		HttpResponse<String> malformed = service(name("bot"), "Not A Name");
		assertThat(AccessApi.code(malformed)).isEqualTo("ERR_VALIDATION");
		assertThat(ApiClient.json(malformed).get("errors").get(0).get("field").asString()).isEqualTo("owner");
		assertThat(malformed.body()).doesNotContain("Not A Name");
	}

	@Test
	void theOwnerIsChangedWithUsersManageToAnActiveUserAndTheChangeIsOnTheLedger() {
		String alice = name("alice");
		String bob = name("bob");
		this.access.createUser(alice, "viewer");
		this.access.createUser(bob, "viewer");
		String bot = name("bot");
		created(service(bot, alice));

		HttpResponse<String> changed = changeOwner(this.admin, bot, bob);

		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
		assertThat(ApiClient.json(changed).get("owner").asString()).isEqualTo(bob);
		assertThat(this.access.events("user_updated", bot)).singleElement().satisfies((event) -> {
			JsonNode details = event.get("details");
			assertThat(details.get("changed").get(0).asString()).isEqualTo("owner");
			assertThat(details.get("owner").asString()).isEqualTo(bob);
			assertThat(details.get("previousOwner").asString()).isEqualTo(alice);
		});

		// without users:manage, to a service account, on a user account: refused,
		// unchanged
		HttpResponse<String> byViewer = changeOwner(this.access.as(alice), bot, alice);
		assertThat(byViewer.statusCode()).as(byViewer.body()).isEqualTo(403);
		HttpResponse<String> toBot = changeOwner(this.admin, bot, bot);
		assertThat(AccessApi.code(toBot)).isEqualTo("ERR_VALIDATION");
		HttpResponse<String> onUser = changeOwner(this.admin, alice, bob);
		assertThat(AccessApi.code(onUser)).isEqualTo("ERR_VALIDATION");
		assertThat(ApiClient.json(this.admin.get("/api/v1/users/" + bot)).get("owner").asString()).isEqualTo(bob);
		assertThat(ApiClient.json(this.admin.get("/api/v1/users/" + alice)).has("owner")).isFalse();
		assertThat(this.access.events("user_updated", bot)).hasSize(1);
		assertThat(this.access.events("user_updated", alice)).isEmpty();
	}

	private HttpResponse<String> service(String username, String owner) {
		String ownerField = (owner != null) ? ",\"owner\":\"" + owner + "\"" : "";
		return this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"" + username + "\",\"kind\":\"service\"" + ownerField + "}");
	}

	private static HttpResponse<String> changeOwner(ApiClient client, String account, String owner) {
		return client.send("PATCH", "/api/v1/users/" + account, "{\"owner\":\"" + owner + "\"}");
	}

	private static JsonNode created(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return ApiClient.json(response);
	}

	private void makeRole(String role, String... permissions) {
		StringBuilder json = new StringBuilder("{\"name\":\"" + role + "\",\"description\":\"test\",\"permissions\":{");
		for (int i = 0; i < permissions.length; i++) {
			json.append((i == 0) ? "" : ",").append('"').append(permissions[i]).append("\":\"all\"");
		}
		HttpResponse<String> response = this.admin.post("/api/v1/roles", "application/json", json + "}}");
		assertThat(response.statusCode()).as(response.body()).isIn(201, 409);
	}

	private void clearOwner(String username) {
		this.jdbc.sql("UPDATE account SET owner = NULL WHERE username = ?").param(username).update();
	}

	private static String name(String prefix) {
		return PostgresTestDatabase.randomName(prefix + "-");
	}

}
