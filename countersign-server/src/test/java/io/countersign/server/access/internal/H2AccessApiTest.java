package io.countersign.server.access.internal;

import java.net.http.HttpResponse;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The access API on the embedded H2 database: the same SQL works on both vendors. */
@TestPropertySource(
		properties = { "countersign.access.session.secure-cookie=false", "countersign.access.lockout.max-failures=2" })
class H2AccessApiTest extends H2ApplicationTest {

	@LocalServerPort
	private int port;

	@Test
	void passwordSignInSessionsAndLockoutWorkOnTheEmbeddedDatabase() {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		HttpResponse<String> created = admin.post("/api/v1/users", "application/json",
				"{\"username\":\"oscar\",\"password\":\"a long enough passphrase\",\"roles\":[\"viewer\"]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

		Browser browser = Browser.open(this.port);
		HttpResponse<String> signedIn = browser.signIn("Oscar", "a long enough passphrase");
		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(201);
		assertThat(ApiClient.json(browser.me()).get("username").asString()).isEqualTo("oscar");
		assertThat(browser.withCsrf().send("DELETE", Browser.SESSION).statusCode()).isEqualTo(204);
		assertThat(browser.me().statusCode()).isEqualTo(401);

		Browser guesser = Browser.open(this.port);
		assertThat(Browser.code(guesser.signIn("oscar", "wrong guess number one"))).isEqualTo("ERR_LOGIN_FAILED");
		assertThat(Browser.code(guesser.signIn("oscar", "wrong guess number two"))).isEqualTo("ERR_LOGIN_LOCKED");
		assertThat(Browser.code(guesser.signIn("oscar", "a long enough passphrase"))).isEqualTo("ERR_LOGIN_LOCKED");
	}

	@Test
	void accountsRolesAndTokensWorkOnTheEmbeddedDatabase() {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		AccessApi access = new AccessApi(admin);
		access.createUser("nina", "viewer");
		ApiClient asNina = access.as("nina");
		assertThat(asNina.get("/api/v1/events?limit=1").statusCode()).isEqualTo(200);

		HttpResponse<String> role = admin.post("/api/v1/roles", "application/json",
				"{\"name\":\"reader\",\"description\":\"Reads\",\"permissions\":{\"users:read\":\"all\"}}");
		HttpResponse<String> scoped = admin.send("PUT", "/api/v1/roles/reader/permissions/events:read",
				"{\"scope\":\"own\"}");
		HttpResponse<String> granted = admin.send("PUT", "/api/v1/users/nina/roles/reader", "{}");
		HttpResponse<String> revoked = admin.send("DELETE", "/api/v1/users/nina/roles/viewer");
		HttpResponse<String> lastAdmin = admin.post("/api/v1/users/admin/archive", "application/json", "");
		HttpResponse<String> archived = admin.post("/api/v1/users/nina/archive", "application/json", "");

		assertThat(role.statusCode()).as(role.body()).isEqualTo(201);
		assertThat(ApiClient.json(scoped).get("permissions").get("events:read").asString()).isEqualTo("own");
		assertThat(granted.statusCode()).isEqualTo(200);
		assertThat(revoked.statusCode()).isEqualTo(204);
		assertThat(AccessApi.code(lastAdmin)).isEqualTo("ERR_LAST_ADMIN");
		assertThat(archived.statusCode()).isEqualTo(200);
		assertThat(asNina.get("/api/v1/me").statusCode()).isEqualTo(401);
		assertThat(access.events("user_archived", "nina")).hasSize(1);
	}

}
