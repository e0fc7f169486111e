package io.countersign.server.access.internal.tokens;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import io.countersign.server.access.internal.AccessApi;
import io.countersign.server.access.internal.Browser;
import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.MutableClock;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stolen session or token must not turn itself into a credential that outlives it: a
 * token for one's own account needs a console sign-in of the last ten minutes, and no
 * token lives longer than the configured maximum (90 days).
 */
@TestPropertySource(properties = "countersign.access.session.secure-cookie=false")
@Import({ TestUsers.class, MutableClock.Configuration.class })
class SelfIssuedTokensTest extends PostgresApplicationTest {

	private static final String PASSWORD = "a long enough password";

	private static final Duration MAX_LIFETIME = Duration.ofDays(90);

	@LocalServerPort
	private int port;

	@Autowired
	private MutableClock clock;

	@Autowired
	private TestUsers users;

	private Browser browser;

	private AccessApi access;

	@BeforeEach
	void setUp() {
		this.browser = Browser.open(this.port);
		this.access = new AccessApi(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
	}

	@Test
	void aFreshSignInGetsATokenThatExpiresAtTheLatestAfterTheMaximum() {
		Account user = this.users.user(TestUsers.uniqueName("fresh"), PASSWORD, "viewer");
		assertThat(this.browser.signIn(user.username(), PASSWORD).statusCode()).isEqualTo(201);
		this.clock.advance(Duration.ofMinutes(9));

		HttpResponse<String> unbounded = this.browser.withCsrf()
			.post("/api/v1/me/tokens", "application/json", "{\"name\":\"cli\"}");
		HttpResponse<String> tooLong = this.browser.withCsrf()
			.post("/api/v1/me/tokens", "application/json", "{\"name\":\"forever\",\"expiresAt\":\""
					+ this.clock.instant().plus(MAX_LIFETIME).plusSeconds(1) + "\"}");

		assertThat(unbounded.statusCode()).as(unbounded.body()).isEqualTo(201);
		assertThat(Instant.parse(ApiClient.json(unbounded).get("expiresAt").asString()))
			.isEqualTo(this.clock.instant().plus(MAX_LIFETIME));
		ApiClient asToken = this.api.withToken(ApiClient.json(unbounded).get("token").asString());
		assertThat(asToken.get("/api/v1/me").statusCode()).isEqualTo(200);
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(Browser.code(tooLong)).isEqualTo("ERR_VALIDATION");
		assertThat(ApiClient.json(tooLong).get("detail").asString()).contains("max-lifetime");
		this.clock.advance(MAX_LIFETIME);
		assertThat(asToken.get("/api/v1/me").statusCode()).isEqualTo(401);
	}

	@Test
	void aSessionSignedInLongerAgoMustSignInAgain() {
		Account user = this.users.user(TestUsers.uniqueName("stale"), PASSWORD, "viewer");
		assertThat(this.browser.signIn(user.username(), PASSWORD).statusCode()).isEqualTo(201);
		for (int i = 0; i < 3; i++) {
			// kept alive, never idle: only the sign-in is old
			this.clock.advance(Duration.ofMinutes(4));
			assertThat(this.browser.me().statusCode()).isEqualTo(200);
		}

		HttpResponse<String> stale = this.browser.withCsrf()
			.post("/api/v1/me/tokens", "application/json", "{\"name\":\"cli\"}");
		this.browser.signIn(user.username(), PASSWORD);
		HttpResponse<String> again = this.browser.withCsrf()
			.post("/api/v1/me/tokens", "application/json", "{\"name\":\"cli\"}");

		assertThat(stale.statusCode()).isEqualTo(403);
		assertThat(Browser.code(stale)).isEqualTo("ERR_REAUTHENTICATION_REQUIRED");
		assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
		assertThat(this.access.events("authz_fail", user.username())).singleElement().satisfies((event) -> {
			assertThat(event.get("action").asString()).isEqualTo("issue_own_token");
			assertThat(event.get("details").get("rule").asString()).isEqualTo("recent sign-in");
			assertThat(event.get("details").get("credential").asString()).isEqualTo("session");
		});
	}

	@Test
	void aTokenCannotMintAnotherForItsOwnAccount() {
		Account user = this.users.user(TestUsers.uniqueName("minted"), PASSWORD, "admin");
		ApiClient asToken = this.api.withToken(this.users.token(user));

		HttpResponse<String> own = asToken.post("/api/v1/me/tokens", "application/json", "{\"name\":\"spare\"}");
		HttpResponse<String> ownByName = asToken.post("/api/v1/users/" + user.username() + "/tokens",
				"application/json", "{\"name\":\"spare\"}");

		assertThat(own.statusCode()).isEqualTo(403);
		assertThat(Browser.code(own)).isEqualTo("ERR_REAUTHENTICATION_REQUIRED");
		assertThat(Browser.code(ownByName)).isEqualTo("ERR_REAUTHENTICATION_REQUIRED");
		assertThat(ApiClient.json(asToken.get("/api/v1/me/tokens")).get("items")).hasSize(1);
		assertThat(this.access.events("authz_fail", user.username())).hasSize(2)
			.allSatisfy((event) -> assertThat(event.get("details").get("credential").asString()).isEqualTo("token"));
	}

	@Test
	void tokensForServiceAccountsAreBoundedToo() {
		String service = TestUsers.uniqueName("svc");
		this.access.admin()
			.post("/api/v1/users", "application/json", "{\"username\":\"" + service + "\",\"kind\":\"service\"}");

		JsonNode unbounded = this.access.issueToken(service, "{\"name\":\"ci\"}");
		HttpResponse<String> tooLong = this.access.admin()
			.post("/api/v1/users/" + service + "/tokens", "application/json",
					"{\"name\":\"ci\",\"expiresAt\":\"" + this.clock.instant().plus(Duration.ofDays(365)) + "\"}");

		assertThat(Instant.parse(unbounded.get("expiresAt").asString()))
			.isEqualTo(this.clock.instant().plus(MAX_LIFETIME));
		assertThat(Browser.code(tooLong)).isEqualTo("ERR_VALIDATION");
	}

}
