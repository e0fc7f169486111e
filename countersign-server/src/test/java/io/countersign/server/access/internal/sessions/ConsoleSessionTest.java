package io.countersign.server.access.internal.sessions;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import io.countersign.server.access.internal.Browser;
import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.MutableClock;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Console sessions over real HTTP: password sign-in sets the session cookie, the cookie
 * authenticates until sign-out or timeout, permissions are those of the moment, and
 * changes made with the cookie need the CSRF token.
 */
@TestPropertySource(properties = "countersign.access.session.secure-cookie=false")
@Import(TestUsers.class)
class ConsoleSessionTest extends PostgresApplicationTest {

	private static final String PASSWORD = "a long enough password";

	@LocalServerPort
	private int port;

	@Autowired
	private Accounts accounts;

	@Autowired
	private MutableClock clock;

	@Autowired
	private SessionSweeper sweeper;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TestUsers users;

	@Autowired
	private PasswordEncoder passwords;

	private Browser browser;

	@BeforeEach
	void setUp() {
		this.browser = Browser.open(this.port);
	}

	@Test
	void signInSetsAnHttpOnlySameSiteLaxSessionCookie() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");

		HttpResponse<String> response = this.browser.signIn(viewer.username(), PASSWORD);

		assertThat(response.statusCode()).isEqualTo(201);
		JsonNode body = ApiClient.json(response);
		assertThat(body.get("username").asString()).isEqualTo(viewer.username());
		assertThat(body.get("sessionId").asString()).hasSize(36);
		assertThat(body.get("idleTimeoutSeconds").asLong()).isEqualTo(900);
		assertThat(response.body()).doesNotContain(PASSWORD);
		String cookie = sessionCookie(response);
		// Lax: the first page after single sign-on's cross-site redirect is signed in
		assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
		assertThat(cookie).doesNotContain("Max-Age").doesNotContain("Secure");
	}

	@Test
	void theCookieAuthenticatesTheConsole() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");
		String sessionId = ApiClient.json(this.browser.signIn(viewer.username(), PASSWORD)).get("sessionId").asString();

		HttpResponse<String> me = this.browser.me();

		assertThat(me.statusCode()).isEqualTo(200);
		JsonNode body = ApiClient.json(me);
		assertThat(body.get("username").asString()).isEqualTo(viewer.username());
		assertThat(body.get("authenticatedWith").get("method").asString()).isEqualTo("session");
		assertThat(body.get("authenticatedWith").get("id").asString()).isEqualTo(sessionId);
		assertThat(this.browser.plain().get("/api/v1/events?limit=1").statusCode()).isEqualTo(200);
	}

	@Test
	void successfulSignInIsRecordedWithMethodAndMfa() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");

		this.browser.signIn(viewer.username(), PASSWORD);

		JsonNode success = eventOf("authn_login_success", viewer.username()).orElseThrow();
		assertThat(success.get("details").get("method").asString()).isEqualTo("password");
		assertThat(success.get("details").get("mfa").asBoolean()).isFalse();
		assertThat(eventOf("session_created", viewer.username())).isPresent();
	}

	@Test
	void signOutEndsTheSession() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");
		String sessionId = ApiClient.json(this.browser.signIn(viewer.username(), PASSWORD)).get("sessionId").asString();

		HttpResponse<String> signOut = this.browser.withCsrf().send("DELETE", Browser.SESSION);

		assertThat(signOut.statusCode()).isEqualTo(204);
		assertThat(sessionCookie(signOut)).contains("Max-Age=0");
		assertThat(this.browser.me().statusCode()).isEqualTo(401);
		assertThat(sessionExpired(sessionId)).hasValueSatisfying(
				(event) -> assertThat(event.get("details").get("reason").asString()).isEqualTo("logout"));
	}

	@Test
	void aForgedOrEndedSessionCookieIsRefusedClearedAndRecorded() {
		ApiClient forged = ApiClient.withCookies(this.port)
			.withHeader("Cookie", SessionCookie.NAME + "=cs_forged_session_cookie_000000000000000000000");

		HttpResponse<String> response = forged.get("/api/v1/me");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(sessionCookie(response)).contains("Max-Age=0");
		JsonNode failures = Browser.events(this.api, "authn_login_fail");
		assertThat(failures.toString()).contains("\"reason\":\"unknown or ended session\"");
		assertThat(failures.toString()).doesNotContain("cs_forged_session_cookie");
	}

	@Test
	void aSessionUnusedForTheIdleTimeoutEndsOnItsNextRequest() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");
		String sessionId = ApiClient.json(this.browser.signIn(viewer.username(), PASSWORD)).get("sessionId").asString();
		this.clock.advance(Duration.ofMinutes(14));
		assertThat(this.browser.me().statusCode()).isEqualTo(200);

		this.clock.advance(Duration.ofMinutes(15));

		assertThat(this.browser.me().statusCode()).isEqualTo(401);
		assertThat(sessionExpired(sessionId)).hasValueSatisfying(
				(event) -> assertThat(event.get("details").get("reason").asString()).isEqualTo("idle_timeout"));
	}

	@Test
	void theSweeperEndsIdleSessionsWhoseBrowserNeverComesBack() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");
		String sessionId = ApiClient.json(this.browser.signIn(viewer.username(), PASSWORD)).get("sessionId").asString();

		this.clock.advance(Duration.ofMinutes(16));
		this.sweeper.sweep();

		assertThat(this.jdbc.sql("SELECT end_reason FROM console_session WHERE id = ?")
			.param(sessionId)
			.query(String.class)
			.single()).isEqualTo("idle_timeout");
		assertThat(sessionExpired(sessionId)).isPresent();
	}

	@Test
	void revokingARoleMidSessionDeniesTheVeryNextRequest() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");
		this.browser.signIn(viewer.username(), PASSWORD);
		assertThat(this.browser.plain().get("/api/v1/events?limit=1").statusCode()).isEqualTo(200);

		this.users.revoke(viewer, "viewer");

		HttpResponse<String> denied = this.browser.plain().get("/api/v1/events?limit=1");
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(Browser.code(denied)).isEqualTo("ERR_PERMISSION_DENIED");
		assertThat(ApiClient.json(denied).get("detail").asString()).contains("events:read");
	}

	@Test
	void aChangeMadeWithTheCookieButWithoutTheCsrfHeaderIsRefusedAndChangesNothing() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");
		this.browser.signIn(viewer.username(), PASSWORD);

		HttpResponse<String> enroll = this.browser.plain().post("/api/v1/me/totp", "application/json", "");
		HttpResponse<String> signOut = this.browser.plain().send("DELETE", Browser.SESSION);

		assertThat(enroll.statusCode()).isEqualTo(403);
		assertThat(Browser.code(enroll)).isEqualTo("ERR_CSRF");
		assertThat(signOut.statusCode()).isEqualTo(403);
		assertThat(Browser.code(signOut)).isEqualTo("ERR_CSRF");
		assertThat(this.accounts.sealedTotpSecret(viewer.id())).isEmpty();
		assertThat(this.browser.me().statusCode()).isEqualTo(200);
	}

	@Test
	void theCsrfTokenFromBeforeSignInDoesNotCarryOverIntoTheSession() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");
		ApiClient beforeSignIn = this.browser.withCsrf();
		HttpResponse<String> signedIn = beforeSignIn.post(Browser.SESSION, "application/json",
				"{\"username\":\"" + viewer.username() + "\",\"password\":\"" + PASSWORD + "\"}");
		assertThat(signedIn.statusCode()).isEqualTo(201);

		HttpResponse<String> stale = beforeSignIn.post("/api/v1/me/totp", "application/json", "");
		HttpResponse<String> fresh = this.browser.newCsrf().post("/api/v1/me/totp", "application/json", "");

		assertThat(stale.statusCode()).isEqualTo(403);
		assertThat(Browser.code(stale)).isEqualTo("ERR_CSRF");
		assertThat(fresh.statusCode()).isEqualTo(200);
	}

	@Test
	void aChangeMadeWithTheCookieAndTheCsrfHeaderPasses() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");
		this.browser.signIn(viewer.username(), PASSWORD);

		HttpResponse<String> enroll = this.browser.withCsrf().post("/api/v1/me/totp", "application/json", "");

		assertThat(enroll.statusCode()).isEqualTo(200);
		assertThat(this.accounts.sealedTotpSecret(viewer.id())).isPresent();
	}

	@Test
	void oneCsrfTokenServesReadsAndSuccessiveChanges() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");
		this.browser.signIn(viewer.username(), PASSWORD);
		// fetched once after sign-in and kept, as the console's script does
		ApiClient console = this.browser.withCsrf();

		assertThat(console.get("/api/v1/me").statusCode()).isEqualTo(200);
		HttpResponse<String> first = console.post("/api/v1/me/totp", "application/json", "");
		HttpResponse<String> second = console.post("/api/v1/me/totp", "application/json", "");
		assertThat(this.browser.me().statusCode()).isEqualTo(200);
		HttpResponse<String> third = console.post("/api/v1/me/totp", "application/json", "");

		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
		assertThat(third.statusCode()).as(third.body()).isEqualTo(200);
	}

	@Test
	void anAdministratorsPasswordResetEndsEverySessionOfTheAccount() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");
		Browser other = Browser.open(this.port);
		this.browser.signIn(viewer.username(), PASSWORD);
		other.signIn(viewer.username(), PASSWORD);

		HttpResponse<String> reset = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN)
			.send("PATCH", "/api/v1/users/" + viewer.username(), "{\"password\":\"another long password\"}");

		assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
		assertThat(this.browser.me().statusCode()).isEqualTo(401);
		assertThat(other.me().statusCode()).isEqualTo(401);
		assertThat(openSessionsOf(viewer)).isZero();
	}

	@Test
	void changingOnesOwnPasswordEndsEveryOtherSession() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");
		Browser stolen = Browser.open(this.port);
		stolen.signIn(viewer.username(), PASSWORD);
		this.browser.signIn(viewer.username(), PASSWORD);

		HttpResponse<String> change = this.browser.withCsrf()
			.send("PUT", "/api/v1/me/password",
					"{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"another long password\"}");

		assertThat(change.statusCode()).as(change.body()).isEqualTo(204);
		assertThat(stolen.me().statusCode()).isEqualTo(401);
		assertThat(this.browser.me().statusCode()).isEqualTo(200);
		assertThat(openSessionsOf(viewer)).isOne();
	}

	@Test
	void aUsersManageHolderCannotSetTheirOwnPasswordWithoutTheCurrentOne() {
		Account admin = this.users.user(TestUsers.uniqueName("admin"), PASSWORD, "admin");
		// a credential left lying around (admins sign in to the console only with TOTP)
		ApiClient stolen = this.api.withToken(this.users.token(admin));

		HttpResponse<String> takeover = stolen.send("PATCH", "/api/v1/users/" + admin.username(),
				"{\"password\":\"the attacker's password\"}");

		assertThat(takeover.statusCode()).isEqualTo(400);
		assertThat(Browser.code(takeover)).isEqualTo("ERR_VALIDATION");
		assertThat(ApiClient.json(takeover).get("detail").asString()).contains("/api/v1/me/password");
		assertThat(this.passwords.matches(PASSWORD,
				this.accounts.findById(admin.id()).orElseThrow().passwordHash().orElseThrow()))
			.isTrue();
	}

	@Test
	void aBearerTokenRequestNeedsNoCsrfToken() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");
		String token = this.users.token(viewer);

		HttpResponse<String> enroll = this.api.withToken(token).post("/api/v1/me/totp", "application/json", "");

		assertThat(enroll.statusCode()).isEqualTo(200);
		assertThat(this.accounts.sealedTotpSecret(viewer.id())).isPresent();
	}

	@Test
	void signInItselfNeedsTheCsrfToken() {
		Account viewer = this.users.user(TestUsers.uniqueName("viewer"), PASSWORD, "viewer");

		HttpResponse<String> response = this.browser.plain()
			.post(Browser.SESSION, "application/json",
					"{\"username\":\"" + viewer.username() + "\",\"password\":\"" + PASSWORD + "\"}");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(Browser.code(response)).isEqualTo("ERR_CSRF");
		assertThat(openSessionsOf(viewer)).isZero();
	}

	@Test
	void theCsrfEndpointNamesTheHeaderAndSetsTheCookie() {
		HttpResponse<String> response = this.browser.plain().get(Browser.SESSION + "/csrf");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(response).get("headerName").asString()).isEqualTo("X-CSRF-TOKEN");
		assertThat(ApiClient.json(response).get("token").asString()).isNotBlank();
		assertThat(response.headers().allValues("Set-Cookie")).anySatisfy(
				(cookie) -> assertThat(cookie).startsWith("CS_CSRF=").contains("HttpOnly").contains("SameSite=Strict"));
	}

	@Test
	void missingFieldsAndOversizeNamesAreRefusedAndNothingIsStored() {
		String tooLong = "x".repeat(65);
		ApiClient withCsrf = this.browser.withCsrf();

		HttpResponse<String> noPassword = withCsrf.post(Browser.SESSION, "application/json",
				"{\"username\":\"someone\"}");
		HttpResponse<String> noUsername = withCsrf.post(Browser.SESSION, "application/json",
				"{\"password\":\"" + PASSWORD + "\"}");
		HttpResponse<String> oversize = withCsrf.post(Browser.SESSION, "application/json",
				"{\"username\":\"" + tooLong + "\",\"password\":\"" + PASSWORD + "\"}");
		HttpResponse<String> badTotp = withCsrf.post(Browser.SESSION, "application/json",
				"{\"username\":\"someone\",\"password\":\"" + PASSWORD + "\",\"totp\":\"12ab\"}");

		for (HttpResponse<String> response : new HttpResponse[] { noPassword, noUsername, oversize, badTotp }) {
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(Browser.code(response)).isEqualTo("ERR_VALIDATION");
			assertThat(response.body()).doesNotContain(PASSWORD);
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM login_throttle WHERE username IN ('someone', ?)")
			.param(tooLong)
			.query(Long.class)
			.single()).isZero();
		assertThat(eventOf("authn_login_fail", "someone")).isEmpty();
	}

	@Test
	void anAccountWithAnOlderBcryptHashSignsInAndIsRehashedWithArgon2id() {
		String bcrypt = "{bcrypt}" + new BCryptPasswordEncoder().encode(PASSWORD);
		Account viewer = this.users.userWithHash(TestUsers.uniqueName("viewer"), Optional.of(bcrypt), "viewer");

		assertThat(this.browser.signIn(viewer.username(), PASSWORD).statusCode()).isEqualTo(201);

		String stored = this.accounts.findById(viewer.id()).orElseThrow().passwordHash().orElseThrow();
		assertThat(stored).startsWith("{argon2}$argon2id$");
		assertThat(Browser.open(this.port).signIn(viewer.username(), PASSWORD).statusCode()).isEqualTo(201);
	}

	private static String sessionCookie(HttpResponse<String> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith(SessionCookie.NAME + "="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no session cookie set"));
	}

	private long openSessionsOf(Account account) {
		return this.jdbc.sql("SELECT COUNT(*) FROM console_session WHERE account_id = ? AND ended_at IS NULL")
			.param(account.id())
			.query(Long.class)
			.single();
	}

	private Optional<JsonNode> eventOf(String type, String actor) {
		for (JsonNode row : Browser.events(this.api, type)) {
			if (row.get("event").get("actor").get("id").asString().equals(actor)) {
				return Optional.of(row.get("event"));
			}
		}
		return Optional.empty();
	}

	private Optional<JsonNode> sessionExpired(String sessionId) {
		for (JsonNode row : Browser.events(this.api, "session_expired")) {
			if (row.get("event").get("resource").get("id").asString().equals(sessionId)) {
				return Optional.of(row.get("event"));
			}
		}
		return Optional.empty();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock();
		}

	}

}
