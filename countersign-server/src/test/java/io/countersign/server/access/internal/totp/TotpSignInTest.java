package io.countersign.server.access.internal.totp;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.countersign.ledger.approval.RoleName;
import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.Browser;
import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.access.internal.roles.Roles;
import io.countersign.server.access.internal.sessions.SessionCookie;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.MutableClock;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TOTP as the second factor: enrollment and confirmation, codes at sign-in used once, and
 * roles that require it.
 */
@TestPropertySource(properties = "countersign.access.session.secure-cookie=false")
@Import(TestUsers.class)
class TotpSignInTest extends PostgresApplicationTest {

	private static final String PASSWORD = "a long enough password";

	@LocalServerPort
	private int port;

	@Autowired
	private Accounts accounts;

	@Autowired
	private Roles roles;

	@Autowired
	private AccessChanges changes;

	@Autowired
	private MutableClock clock;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TestUsers users;

	@Test
	void enrollmentGivesASecretAndAnOtpauthUriAndIsEnabledByAConfirmedCode() {
		Account user = this.users.user(TestUsers.uniqueName("alice"), PASSWORD, "viewer");
		Browser browser = Browser.open(this.port);
		browser.signIn(user.username(), PASSWORD);

		HttpResponse<String> enrollment = browser.withCsrf().post("/api/v1/me/totp", "application/json", "");
		String secret = ApiClient.json(enrollment).get("secret").asString();
		assertThat(this.accounts.findById(user.id()).orElseThrow().totpEnabled()).isFalse();
		HttpResponse<String> confirmed = confirm(browser.withCsrf(), code(secret));

		assertThat(enrollment.statusCode()).isEqualTo(200);
		assertThat(secret).matches("[A-Z2-7]{32}");
		assertThat(ApiClient.json(enrollment).get("otpauthUri").asString()).isEqualTo("otpauth://totp/Countersign:"
				+ user.username() + "?secret=" + secret + "&issuer=Countersign&algorithm=SHA1&digits=6&period=30");
		assertThat(confirmed.statusCode()).isEqualTo(204);
		assertThat(this.accounts.findById(user.id()).orElseThrow().totpEnabled()).isTrue();
		JsonNode updated = eventOf("user_updated", user.username());
		assertThat(updated.get("details").get("totp").asString()).isEqualTo("enabled");
		assertThat(updated.toString()).doesNotContain(secret);
	}

	@Test
	void aWrongConfirmationCodeIsRefusedAndLeavesTotpDisabled() {
		Account user = this.users.user(TestUsers.uniqueName("bob"), PASSWORD, "viewer");
		ApiClient api = this.api.withToken(this.users.token(user));
		String secret = ApiClient.json(api.post("/api/v1/me/totp", "application/json", "")).get("secret").asString();

		HttpResponse<String> wrong = confirm(api, otherThan(code(secret)));

		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(Browser.code(wrong)).isEqualTo("ERR_INVALID_TOTP");
		assertThat(this.accounts.findById(user.id()).orElseThrow().totpEnabled()).isFalse();
	}

	@Test
	void aCodeSignsInOnceAndItsReplayFails() {
		Account user = this.users.user(TestUsers.uniqueName("carol"), PASSWORD, "viewer");
		String secret = enroll(user);
		this.clock.advance(Duration.ofSeconds(30));
		String code = code(secret);

		HttpResponse<String> withoutCode = Browser.open(this.port).signIn(user.username(), PASSWORD);
		HttpResponse<String> first = Browser.open(this.port).signIn(user.username(), PASSWORD, code);
		HttpResponse<String> replay = Browser.open(this.port).signIn(user.username(), PASSWORD, code);

		assertThat(withoutCode.statusCode()).isEqualTo(401);
		assertThat(Browser.code(withoutCode)).isEqualTo("ERR_MFA_REQUIRED");
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(replay.statusCode()).isEqualTo(401);
		assertThat(Browser.code(replay)).isEqualTo("ERR_LOGIN_FAILED");
		assertThat(eventOf("authn_login_fail", user.username()).get("reason").asString()).isEqualTo("bad totp");
		assertThat(eventOf("authn_login_success", user.username()).get("details").get("mfa").asBoolean()).isTrue();

		this.clock.advance(Duration.ofSeconds(30));
		assertThat(Browser.open(this.port).signIn(user.username(), PASSWORD, code(secret)).statusCode()).isEqualTo(201);
	}

	@Test
	void aWrongCodeCountsAsAFailedSignIn() {
		Account user = this.users.user(TestUsers.uniqueName("dave"), PASSWORD, "viewer");
		String secret = enroll(user);
		this.clock.advance(Duration.ofSeconds(30));

		HttpResponse<String> wrong = Browser.open(this.port).signIn(user.username(), PASSWORD, otherThan(code(secret)));

		assertThat(Browser.code(wrong)).isEqualTo("ERR_LOGIN_FAILED");
		assertThat(this.jdbc.sql("SELECT failures FROM login_throttle WHERE username = ?")
			.param(user.username())
			.query(Integer.class)
			.single()).isOne();
	}

	@Test
	void anAdminWithoutTotpCannotSignInWithAPasswordAlone() {
		Account admin = this.users.user(TestUsers.uniqueName("admin"), PASSWORD, "admin");

		HttpResponse<String> response = Browser.open(this.port).signIn(admin.username(), PASSWORD);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(Browser.code(response)).isEqualTo("ERR_MFA_ENROLLMENT_REQUIRED");
		assertThat(response.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith(SessionCookie.NAME));
		assertThat(sessionsOf(admin)).isZero();
	}

	@Test
	void anAdminEnrolledWithAnApiTokenSignsInWithACode() {
		Account admin = this.users.user(TestUsers.uniqueName("admin"), PASSWORD, "admin");
		String secret = enroll(admin);
		this.clock.advance(Duration.ofSeconds(30));

		HttpResponse<String> response = Browser.open(this.port).signIn(admin.username(), PASSWORD, code(secret));

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(sessionsOf(admin)).isOne();
	}

	@Test
	void requiringMfaForARoleAppliesToTheNextSignIn() {
		String role = TestUsers.uniqueName("role");
		this.roles.insert(RoleName.of(role), "a role for this test", false, this.clock.instant());
		Account user = this.users.user(TestUsers.uniqueName("erin"), PASSWORD, role);
		assertThat(Browser.open(this.port).signIn(user.username(), PASSWORD).statusCode()).isEqualTo(201);

		this.roles.update(RoleName.of(role), "a role for this test", true);
		this.changes.changed();

		HttpResponse<String> response = Browser.open(this.port).signIn(user.username(), PASSWORD);
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(Browser.code(response)).isEqualTo("ERR_MFA_ENROLLMENT_REQUIRED");
	}

	@Test
	void enrollmentCannotReplaceAnEnabledSecret() {
		Account user = this.users.user(TestUsers.uniqueName("frank"), PASSWORD, "viewer");
		String token = this.users.token(user);
		enroll(user, token);

		HttpResponse<String> again = this.api.withToken(token).post("/api/v1/me/totp", "application/json", "");

		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(Browser.code(again)).isEqualTo("ERR_TOTP_ALREADY_ENABLED");
	}

	@Test
	void aSecretThatCannotBeUnsealedFailsWithoutNamingTheAccountOrTheCause() {
		Account owner = this.users.user(TestUsers.uniqueName("owner"), PASSWORD, "viewer");
		Account victim = this.users.user(TestUsers.uniqueName("victim"), PASSWORD, "viewer");
		String secret = enroll(owner);
		// a secret sealed for another account (a copied row) does not open for this one
		this.jdbc
			.sql("UPDATE account SET totp_secret = (SELECT totp_secret FROM account WHERE id = ?), "
					+ "totp_enabled = TRUE WHERE id = ?")
			.param(owner.id())
			.param(victim.id())
			.update();
		this.changes.changed();
		this.clock.advance(Duration.ofSeconds(30));

		HttpResponse<String> response = Browser.open(this.port).signIn(victim.username(), PASSWORD, code(secret));

		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(Browser.code(response)).isEqualTo("ERR_INTERNAL");
		assertThat(response.body()).doesNotContain(victim.id())
			.doesNotContain(owner.id())
			.doesNotContainIgnoringCase("unseal")
			.doesNotContain("totp:");
	}

	@Test
	void aSessionSignedInMoreThanTenMinutesAgoCannotEnroll() {
		Account user = this.users.user(TestUsers.uniqueName("left"), PASSWORD, "viewer");
		Browser leftOpen = Browser.open(this.port);
		leftOpen.signIn(user.username(), PASSWORD);
		// still in use, so not idle; but whoever sits at it now may not be its owner
		this.clock.advance(Duration.ofMinutes(8));
		assertThat(leftOpen.me().statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(3));

		HttpResponse<String> enrollment = leftOpen.withCsrf().post("/api/v1/me/totp", "application/json", "");

		assertThat(enrollment.statusCode()).isEqualTo(403);
		assertThat(Browser.code(enrollment)).isEqualTo("ERR_REAUTHENTICATION_REQUIRED");
		assertThat(this.accounts.sealedTotpSecret(user.id())).isEmpty();
		Browser again = Browser.open(this.port);
		again.signIn(user.username(), PASSWORD);
		assertThat(again.withCsrf().post("/api/v1/me/totp", "application/json", "").statusCode()).isEqualTo(200);
	}

	@Test
	void anAdministratorResetsAnotherAccountsLostSecondFactor() {
		Account user = this.users.user(TestUsers.uniqueName("lost"), PASSWORD, "viewer");
		enroll(user);
		assertThat(Browser.open(this.port).signIn(user.username(), PASSWORD).statusCode()).isEqualTo(401);

		HttpResponse<String> reset = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN)
			.send("DELETE", "/api/v1/users/" + user.username() + "/totp");

		assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
		assertThat(this.accounts.findById(user.id()).orElseThrow().totpEnabled()).isFalse();
		assertThat(this.accounts.sealedTotpSecret(user.id())).isEmpty();
		assertThat(Browser.open(this.port).signIn(user.username(), PASSWORD).statusCode()).isEqualTo(201);
		JsonNode updated = eventOf("user_updated", "admin");
		assertThat(updated.get("action").asString()).isEqualTo("reset_totp");
		assertThat(updated.get("resource").get("id").asString()).isEqualTo(user.username());
	}

	@Test
	void resettingTotpNeedsUsersManageAndNobodyResetsTheirOwn() {
		Account user = this.users.user(TestUsers.uniqueName("victim"), PASSWORD, "viewer");
		enroll(user);
		Account other = this.users.user(TestUsers.uniqueName("other"), PASSWORD, "viewer");
		Account admin = this.users.user(TestUsers.uniqueName("admin"), PASSWORD, "admin");
		String adminToken = this.users.token(admin);
		enroll(admin, adminToken);

		HttpResponse<String> byViewer = this.api.withToken(this.users.token(other))
			.send("DELETE", "/api/v1/users/" + user.username() + "/totp");
		HttpResponse<String> ownReset = this.api.withToken(adminToken)
			.send("DELETE", "/api/v1/users/" + admin.username() + "/totp");

		assertThat(byViewer.statusCode()).isEqualTo(403);
		assertThat(ownReset.statusCode()).isEqualTo(400);
		assertThat(this.accounts.findById(user.id()).orElseThrow().totpEnabled()).isTrue();
		assertThat(this.accounts.findById(admin.id()).orElseThrow().totpEnabled()).isTrue();
	}

	private String enroll(Account account) {
		return enroll(account, this.users.token(account));
	}

	private String enroll(Account account, String token) {
		ApiClient api = this.api.withToken(token);
		String secret = ApiClient.json(api.post("/api/v1/me/totp", "application/json", "")).get("secret").asString();
		assertThat(confirm(api, code(secret)).statusCode()).isEqualTo(204);
		return secret;
	}

	private static HttpResponse<String> confirm(ApiClient api, String code) {
		return api.post("/api/v1/me/totp/confirm", "application/json", "{\"code\":\"" + code + "\"}");
	}

	private String code(String secret) {
		return Totp.code(Base32.decode(secret), Totp.step(this.clock.instant()), Totp.DIGITS);
	}

	/** A six-digit code that is none of the codes accepted now. */
	private String otherThan(String code) {
		return String.format("%06d", (Integer.parseInt(code) + 500_000) % 1_000_000);
	}

	private long sessionsOf(Account account) {
		return this.jdbc.sql("SELECT COUNT(*) FROM console_session WHERE account_id = ?")
			.param(account.id())
			.query(Long.class)
			.single();
	}

	private JsonNode eventOf(String type, String actor) {
		for (JsonNode row : Browser.events(this.api, type)) {
			if (row.get("event").get("actor").get("id").asString().equals(actor)) {
				return row.get("event");
			}
		}
		throw new AssertionError("no " + type + " event of " + actor);
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
