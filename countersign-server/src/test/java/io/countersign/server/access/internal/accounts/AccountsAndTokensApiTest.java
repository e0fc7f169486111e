package io.countersign.server.access.internal.accounts;

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
 * Accounts and API tokens over real HTTP on PostgreSQL: what an administrator and a user
 * rely on, and what an attacker would try.
 */
@Import(MutableClock.Configuration.class)
class AccountsAndTokensApiTest extends PostgresApplicationTest {

	private static final String STRONG = "correct horse battery staple";

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
	void createdUserIsListedAndArchivingEndsItsAccessAtOnce() {
		HttpResponse<String> created = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"bob\",\"displayName\":\"Bob B.\",\"password\":\"" + STRONG
						+ "\",\"roles\":[\"viewer\"]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode bob = ApiClient.json(created);
		assertThat(bob.get("username").asString()).isEqualTo("bob");
		assertThat(bob.get("displayName").asString()).isEqualTo("Bob B.");
		assertThat(bob.get("kind").asString()).isEqualTo("user");
		assertThat(bob.get("status").asString()).isEqualTo("active");
		assertThat(bob.get("totpEnabled").asBoolean()).isFalse();
		assertThat(bob.get("roles").get(0).get("role").asString()).isEqualTo("viewer");
		assertThat(bob.get("roles").get(0).get("grantedBy").asString()).isEqualTo("admin");
		assertThat(bob.has("archivedAt")).isFalse();
		assertThat(created.body()).doesNotContain(STRONG).doesNotContainIgnoringCase("hash").doesNotContain("{bcrypt}");
		ApiClient asBob = this.access.as("bob");
		assertThat(asBob.get("/api/v1/events?limit=1").statusCode()).isEqualTo(200);
		assertThat(usernames(this.admin.get("/api/v1/users"))).contains("admin", "bob");

		HttpResponse<String> archived = this.admin.post("/api/v1/users/bob/archive", "application/json", "");

		assertThat(archived.statusCode()).as(archived.body()).isEqualTo(200);
		assertThat(ApiClient.json(archived).get("status").asString()).isEqualTo("archived");
		assertThat(ApiClient.json(archived).has("archivedAt")).isTrue();
		assertThat(asBob.get("/api/v1/me").statusCode()).isEqualTo(401);
		assertThat(usernames(this.admin.get("/api/v1/users"))).doesNotContain("bob");
		assertThat(usernames(this.admin.get("/api/v1/users?includeArchived=true"))).contains("bob");
		assertThat(this.access.events("user_created", "bob")).hasSize(1);
		assertThat(this.access.events("authz_change", "bob")).hasSize(1);
		assertThat(this.access.events("user_archived", "bob")).singleElement()
			.satisfies((event) -> assertThat(event.get("details").get("tokensRevoked").asInt()).isEqualTo(1));
		HttpResponse<String> tokens = this.admin.get("/api/v1/users/bob/tokens");
		assertThat(ApiClient.json(tokens).get("items").get(0).get("status").asString()).isEqualTo("revoked");
	}

	@Test
	void archivedAccountCannotBeChangedOrGivenTokens() {
		this.access.createUser("carl");
		this.admin.post("/api/v1/users/carl/archive", "application/json", "");

		HttpResponse<String> rename = this.admin.send("PATCH", "/api/v1/users/carl", "{\"displayName\":\"C\"}");
		HttpResponse<String> token = this.admin.post("/api/v1/users/carl/tokens", "application/json",
				"{\"name\":\"x\"}");
		HttpResponse<String> again = this.admin.post("/api/v1/users/carl/archive", "application/json", "");

		assertThat(rename.statusCode()).isEqualTo(409);
		assertThat(AccessApi.code(rename)).isEqualTo("ERR_ACCOUNT_ARCHIVED");
		assertThat(AccessApi.code(token)).isEqualTo("ERR_ACCOUNT_ARCHIVED");
		assertThat(AccessApi.code(again)).isEqualTo("ERR_ACCOUNT_ARCHIVED");
	}

	@Test
	void weakPasswordsAreRefusedAndNothingIsCreated() {
		HttpResponse<String> tooShort = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"dora\",\"password\":\"short\",\"roles\":[\"viewer\"]}");
		HttpResponse<String> containsName = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"dora\",\"password\":\"my-name-is-DORA-2026\"}");

		assertThat(tooShort.statusCode()).isEqualTo(400);
		assertThat(AccessApi.code(tooShort)).isEqualTo("ERR_WEAK_PASSWORD");
		assertThat(ApiClient.json(tooShort).get("detail").asString()).contains("at least 12 characters");
		assertThat(AccessApi.code(containsName)).isEqualTo("ERR_WEAK_PASSWORD");
		assertThat(ApiClient.json(containsName).get("detail").asString()).contains("user name");
		assertThat(this.admin.get("/api/v1/users/dora").statusCode()).isEqualTo(404);
		assertThat(this.access.events("user_created", "dora")).isEmpty();
		assertThat(this.access.events("authz_change", "dora")).isEmpty();
	}

	@Test
	void usernamesAreUniqueEvenAfterArchiving() {
		this.access.createUser("erin");

		HttpResponse<String> duplicate = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"erin\",\"kind\":\"service\"}");

		assertThat(duplicate.statusCode()).isEqualTo(409);
		assertThat(AccessApi.code(duplicate)).isEqualTo("ERR_USERNAME_TAKEN");
		assertThat(this.access.events("user_created", "erin")).hasSize(1);
	}

	@Test
	void serviceAccountsHaveNoPassword() {
		HttpResponse<String> withPassword = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"ci-bot\",\"kind\":\"service\",\"password\":\"" + STRONG + "\"}");
		HttpResponse<String> without = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"ci-bot\",\"kind\":\"service\",\"roles\":[\"agent\"]}");

		assertThat(AccessApi.code(withPassword)).isEqualTo("ERR_VALIDATION");
		assertThat(without.statusCode()).isEqualTo(201);
		assertThat(ApiClient.json(without).get("kind").asString()).isEqualTo("service");
		HttpResponse<String> setPassword = this.admin.send("PATCH", "/api/v1/users/ci-bot",
				"{\"password\":\"" + STRONG + "\"}");
		assertThat(AccessApi.code(setPassword)).isEqualTo("ERR_VALIDATION");
	}

	@Test
	void malformedAndOversizeBodiesAreRefused() {
		HttpResponse<String> notJson = this.admin.post("/api/v1/users", "application/json", "{\"username\":");
		HttpResponse<String> badName = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"Not Valid\"}");
		HttpResponse<String> longDisplayName = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"fred\",\"displayName\":\"" + "x".repeat(201) + "\"}");
		HttpResponse<String> badKind = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"fred\",\"kind\":\"robot\"}");
		HttpResponse<String> longTokenName = this.admin.post("/api/v1/users/admin/tokens", "application/json",
				"{\"name\":\"" + "t".repeat(129) + "\"}");
		HttpResponse<String> badExpiry = this.admin.post("/api/v1/users/admin/tokens", "application/json",
				"{\"name\":\"t\",\"expiresAt\":\"tomorrow\"}");

		assertThat(notJson.statusCode()).isEqualTo(400);
		assertThat(AccessApi.code(notJson)).isEqualTo("ERR_MALFORMED_JSON");
		assertThat(AccessApi.code(badName)).isEqualTo("ERR_VALIDATION");
		assertThat(AccessApi.code(longDisplayName)).isEqualTo("ERR_VALIDATION");
		assertThat(ApiClient.json(longDisplayName).get("detail").asString()).contains("displayName");
		assertThat(AccessApi.code(badKind)).isEqualTo("ERR_VALIDATION");
		assertThat(AccessApi.code(longTokenName)).isEqualTo("ERR_VALIDATION");
		assertThat(AccessApi.code(badExpiry)).isEqualTo("ERR_VALIDATION");
		assertThat(this.admin.get("/api/v1/users/fred").statusCode()).isEqualTo(404);
	}

	@Test
	void everyInvalidFieldOfABodyIsNamedWithoutEchoingItsValue() {
		HttpResponse<String> response = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"Not Valid\",\"displayName\":\"line\\nbreak\",\"kind\":\"robot\"}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(AccessApi.code(response)).isEqualTo("ERR_VALIDATION");
		JsonNode errors = ApiClient.json(response).get("errors");
		assertThat(errors.valueStream().map((error) -> error.get("field").asString()))
			.containsExactlyInAnyOrder("username", "displayName", "kind");
		assertThat(response.body()).doesNotContain("Not Valid", "robot", "break");
		assertThat(this.admin.get("/api/v1/users/not-valid").statusCode()).isEqualTo(404);
	}

	@Test
	void revokedTokenIsRefusedOnTheVeryNextRequest() {
		this.access.createUser("gina", "viewer");
		JsonNode issued = this.access.issueToken("gina", "{\"name\":\"laptop\"}");
		ApiClient asGina = this.api.withToken(issued.get("token").asString());
		assertThat(issued.get("token").asString()).startsWith("cs_");
		assertThat(issued.get("name").asString()).isEqualTo("laptop");
		assertThat(asGina.get("/api/v1/me").statusCode()).isEqualTo(200);

		HttpResponse<String> revoked = this.admin.send("DELETE", "/api/v1/tokens/" + issued.get("id").asString());

		assertThat(revoked.statusCode()).isEqualTo(204);
		assertThat(asGina.get("/api/v1/me").statusCode()).isEqualTo(401);
		assertThat(this.admin.send("DELETE", "/api/v1/tokens/" + issued.get("id").asString()).statusCode())
			.isEqualTo(204);
		assertThat(this.access.events("authn_token_created", issued.get("id").asString())).hasSize(1);
		assertThat(this.access.events("authn_token_revoked", issued.get("id").asString())).hasSize(1);
		JsonNode listed = ApiClient.json(this.admin.get("/api/v1/users/gina/tokens")).get("items").get(0);
		assertThat(listed.get("status").asString()).isEqualTo("revoked");
		assertThat(listed.has("revokedAt")).isTrue();
		assertThat(listed.has("token")).isFalse();
		HttpResponse<String> unknown = this.admin.send("DELETE", "/api/v1/tokens/no-such-token");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(AccessApi.code(unknown)).isEqualTo("ERR_TOKEN_NOT_FOUND");
	}

	@Test
	void tokenStopsWorkingWhenItExpires() {
		this.access.createUser("hank", "viewer");
		String expiresAt = this.clock.instant().plus(Duration.ofHours(1)).toString();
		JsonNode issued = this.access.issueToken("hank", "{\"name\":\"one hour\",\"expiresAt\":\"" + expiresAt + "\"}");
		ApiClient asHank = this.api.withToken(issued.get("token").asString());
		assertThat(issued.get("expiresAt").asString()).isEqualTo(expiresAt);
		assertThat(asHank.get("/api/v1/me").statusCode()).isEqualTo(200);

		this.clock.advance(Duration.ofMinutes(61));

		assertThat(asHank.get("/api/v1/me").statusCode()).isEqualTo(401);
		JsonNode listed = ApiClient.json(this.admin.get("/api/v1/users/hank/tokens")).get("items").get(0);
		assertThat(listed.get("status").asString()).isEqualTo("expired");
	}

	@Test
	void tokensCannotBeIssuedAlreadyExpired() {
		String past = this.clock.instant().minusSeconds(1).toString();

		HttpResponse<String> response = this.admin.post("/api/v1/users/admin/tokens", "application/json",
				"{\"name\":\"x\",\"expiresAt\":\"" + past + "\"}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(AccessApi.code(response)).isEqualTo("ERR_VALIDATION");
	}

	@Test
	void ownTokensAreSelfServiceAndOtherAccountsTokensAreNotFound() {
		this.access.createUser("ivy");
		ApiClient asIvy = this.access.as("ivy");
		this.access.createUser("ivo");
		String adminTokenId = this.access.issueToken("ivo", "{\"name\":\"ivo's\"}").get("id").asString();

		HttpResponse<String> issued = asIvy.post("/api/v1/me/tokens", "application/json", "{\"name\":\"cli\"}");
		HttpResponse<String> listed = asIvy.get("/api/v1/me/tokens");
		HttpResponse<String> othersToken = asIvy.send("DELETE", "/api/v1/me/tokens/" + adminTokenId);
		HttpResponse<String> othersTokens = asIvy.get("/api/v1/users/admin/tokens");

		// a token cannot mint another for its own account (SelfIssuedTokensTest)
		assertThat(issued.statusCode()).isEqualTo(403);
		assertThat(AccessApi.code(issued)).isEqualTo("ERR_REAUTHENTICATION_REQUIRED");
		assertThat(ApiClient.json(listed).get("items")).hasSize(1);
		String ownId = ApiClient.json(listed).get("items").get(0).get("id").asString();
		assertThat(othersToken.statusCode()).isEqualTo(404);
		assertThat(AccessApi.code(othersToken)).isEqualTo("ERR_TOKEN_NOT_FOUND");
		assertThat(this.access.events("authn_token_revoked", adminTokenId)).isEmpty();
		assertThat(othersTokens.statusCode()).isEqualTo(403);
		assertThat(asIvy.send("DELETE", "/api/v1/me/tokens/" + ownId).statusCode()).isEqualTo(204);
		assertThat(asIvy.get("/api/v1/me").statusCode()).isEqualTo(401);
	}

	@Test
	void usersChangeTheirOwnPasswordOnlyKnowingTheCurrentOne() {
		this.admin.post("/api/v1/users", "application/json", "{\"username\":\"jill\",\"password\":\"" + STRONG + "\"}");
		ApiClient asJill = this.access.as("jill");

		HttpResponse<String> wrong = asJill.send("PUT", "/api/v1/me/password",
				"{\"currentPassword\":\"not my password\",\"newPassword\":\"another long passphrase\"}");
		HttpResponse<String> weak = asJill.send("PUT", "/api/v1/me/password",
				"{\"currentPassword\":\"" + STRONG + "\",\"newPassword\":\"short\"}");
		HttpResponse<String> changed = asJill.send("PUT", "/api/v1/me/password",
				"{\"currentPassword\":\"" + STRONG + "\",\"newPassword\":\"another long passphrase\"}");
		HttpResponse<String> oldAgain = asJill.send("PUT", "/api/v1/me/password",
				"{\"currentPassword\":\"" + STRONG + "\",\"newPassword\":\"a third long passphrase\"}");

		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(AccessApi.code(wrong)).isEqualTo("ERR_LOGIN_FAILED");
		assertThat(AccessApi.code(weak)).isEqualTo("ERR_WEAK_PASSWORD");
		assertThat(changed.statusCode()).isEqualTo(204);
		assertThat(AccessApi.code(oldAgain)).isEqualTo("ERR_LOGIN_FAILED");
		assertThat(this.access.events("user_updated", "jill")).singleElement()
			.satisfies(
					(event) -> assertThat(event.get("details").get("changed").get(0).asString()).isEqualTo("password"));
	}

	@Test
	void administratorsChangeDisplayNameAndPassword() {
		this.access.createUser("kim");

		HttpResponse<String> response = this.admin.send("PATCH", "/api/v1/users/kim",
				"{\"displayName\":\"Kim K.\",\"password\":\"" + STRONG + "\"}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(ApiClient.json(response).get("displayName").asString()).isEqualTo("Kim K.");
		JsonNode event = this.access.events("user_updated", "kim").get(0);
		assertThat(event.get("details").get("changed").toString()).isEqualTo("[\"displayName\",\"password\"]");
		assertThat(event.toString()).doesNotContain(STRONG);
	}

	@Test
	void theLastAdminCannotBeArchived() {
		HttpResponse<String> response = this.admin.post("/api/v1/users/admin/archive", "application/json", "");

		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(AccessApi.code(response)).isEqualTo("ERR_LAST_ADMIN");
		assertThat(this.admin.get("/api/v1/me").statusCode()).isEqualTo(200);
		assertThat(this.access.events("user_archived", "admin")).isEmpty();
	}

	@Test
	void neitherTokensNorPasswordsEverReachTheLedger() {
		String password = "a-secret-passphrase-never-logged";
		this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"leo\",\"password\":\"" + password + "\",\"roles\":[\"viewer\"]}");
		String token = this.access.issueToken("leo", "{\"name\":\"leak check\"}").get("token").asString();
		ApiClient asLeo = this.api.withToken(token);
		asLeo.post("/api/v1/me/tokens", "application/json", "{\"name\":\"second\"}");
		asLeo.send("PUT", "/api/v1/me/password",
				"{\"currentPassword\":\"" + password + "\",\"newPassword\":\"" + password + "-2\"}");
		asLeo.send("PUT", "/api/v1/me/password",
				"{\"currentPassword\":\"wrong " + password + "\",\"newPassword\":\"" + password + "-3\"}");
		this.admin.send("PATCH", "/api/v1/users/leo", "{\"password\":\"" + password + "-4\"}");

		HttpResponse<String> ledger = this.admin.get("/api/v1/events?limit=1000");

		assertThat(ledger.statusCode()).isEqualTo(200);
		assertThat(ledger.body()).contains("leak check").doesNotContain(token).doesNotContain(password);
		assertThat(ledger.body()).doesNotContain(token.substring(3, 20));
	}

	private static List<String> usernames(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> names = new java.util.ArrayList<>();
		ApiClient.json(response).get("items").forEach((item) -> names.add(item.get("username").asString()));
		return names;
	}

	@Test
	void managingTokensOrPasswordsOfAMorePowerfulAccountIsRefused() {
		HttpResponse<String> role = this.admin.post("/api/v1/roles", "application/json",
				"{\"name\":\"token-desk\",\"description\":\"issues tokens\",\"permissions\":"
						+ "{\"tokens:manage\":\"all\",\"users:manage\":\"all\",\"events:read\":\"all\","
						+ "\"ledger:read\":\"all\"}}");
		assertThat(role.statusCode()).as(role.body()).isEqualTo(201);
		this.access.createUser("tess", "token-desk");
		this.access.createUser("vic", "viewer");
		ApiClient asTess = this.access.as("tess");

		HttpResponse<String> forViewer = asTess.post("/api/v1/users/vic/tokens", "application/json",
				"{\"name\":\"ok\"}");
		HttpResponse<String> forAdmin = asTess.post("/api/v1/users/admin/tokens", "application/json",
				"{\"name\":\"takeover\"}");
		HttpResponse<String> adminPassword = asTess.send("PATCH", "/api/v1/users/admin",
				"{\"password\":\"" + STRONG + "\"}");

		assertThat(forViewer.statusCode()).as(forViewer.body()).isEqualTo(201);
		assertThat(forAdmin.statusCode()).isEqualTo(403);
		assertThat(AccessApi.code(forAdmin)).isEqualTo("ERR_PERMISSION_DENIED");
		assertThat(ApiClient.json(forAdmin).get("detail").asString()).contains("roles:manage");
		assertThat(adminPassword.statusCode()).isEqualTo(403);
		assertThat(ApiClient.json(this.admin.get("/api/v1/users/admin/tokens")).get("items").toString())
			.doesNotContain("takeover");
		assertThat(this.access.events("authz_fail", "admin")).extracting((event) -> event.get("action").asString())
			.containsExactly("issue a token", "set the password");
	}

}
