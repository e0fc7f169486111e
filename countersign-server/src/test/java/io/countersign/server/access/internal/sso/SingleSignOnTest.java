package io.countersign.server.access.internal.sso;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.Browser;
import io.countersign.server.access.internal.security.SecurityConfiguration;
import io.countersign.server.access.internal.sessions.SessionCookie;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import io.countersign.testidp.TestIdentityProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on against a real OpenID provider (Spring Authorization Server, started by
 * the test), driven through the whole redirect dance as a browser would: accounts are
 * created for new subjects, role grants follow the provider's groups at every sign-in,
 * and a provider user never takes over a local account by its name.
 *
 * <p>
 * Start-up order: the service reads the provider's discovery document at start-up, so the
 * provider starts first (from the dynamic property source); the provider learns the
 * service's redirect URI, and with it the service's random port, just before each test.
 */
class SingleSignOnTest extends PostgresApplicationTest {

	private static final String REGISTRATION = "test-idp";

	private static TestIdentityProvider idp;

	@LocalServerPort
	private int port;

	@org.springframework.beans.factory.annotation.Autowired
	private AccessChanges changes;

	@DynamicPropertySource
	static void singleSignOn(DynamicPropertyRegistry registry) {
		if (idp == null) {
			idp = TestIdentityProvider.start("alice", "bob", "admin", "root", "dana", "erin");
		}
		String registration = "spring.security.oauth2.client.registration." + REGISTRATION + ".";
		registry.add(registration + "client-id", () -> TestIdentityProvider.CLIENT_ID);
		registry.add(registration + "client-secret", () -> TestIdentityProvider.CLIENT_SECRET);
		registry.add(registration + "scope", () -> "openid,profile");
		registry.add("spring.security.oauth2.client.provider." + REGISTRATION + ".issuer-uri", idp::issuer);
		registry.add("countersign.access.sso.role-mapping.cs-approvers", () -> "approver");
		registry.add("countersign.access.sso.role-mapping.cs-auditors", () -> "auditor");
		registry.add("countersign.access.sso.role-mapping.cs-admins", () -> "admin");
		registry.add("countersign.access.sso.role-mapping.cs-legacy", () -> "no-such-role");
		registry.add("countersign.access.session.secure-cookie", () -> "false");
	}

	@AfterAll
	static void stopProvider() {
		if (idp != null) {
			idp.close();
			idp = null;
		}
	}

	@BeforeEach
	void registerRedirectUri() {
		idp.registerClient(base().resolve("/login/oauth2/code/" + REGISTRATION).toString());
	}

	@Test
	void firstSignInCreatesTheUserWithRolesFromItsGroups() {
		idp.setGroups("alice", List.of("cs-approvers", "unmapped-group"));

		Browser browser = new Browser();
		HttpResponse<String> last = browser.signIn(base().resolve("/oauth2/authorization/" + REGISTRATION), "alice");

		assertThat(last.statusCode()).isEqualTo(302);
		assertThat(last.uri().resolve(last.headers().firstValue("Location").orElseThrow()))
			.isEqualTo(base().resolve("/"));
		assertThat(browser.cookie("JSESSIONID")).as("no servlet session").isEmpty();
		JsonNode me = ApiClient.json(withSession(browser).get("/api/v1/me"));
		assertThat(me.get("username").asString()).isEqualTo("alice");
		assertThat(me.get("displayName").asString()).isEqualTo("Test user alice");
		assertThat(me.get("kind").asString()).isEqualTo("user");
		assertThat(roles(me)).containsExactly("approver:sso");
		assertThat(me.get("permissions").has("approvals:decide")).isTrue();
		assertThat(me.get("authenticatedWith").get("method").asString()).isEqualTo("session");
		assertThat(linkedSubject("alice")).hasValue(idp.issuer() + " " + idp.subject("alice"));

		JsonNode created = single(events("user_created", "alice"));
		assertThat(created.get("details").get("issuer").asString()).isEqualTo(idp.issuer());
		JsonNode grant = single(events("authz_change", "alice"));
		assertThat(grant.get("action").asString()).isEqualTo("grant");
		assertThat(grant.get("details").get("role").asString()).isEqualTo("approver");
		assertThat(grant.get("details").get("group").asString()).isEqualTo("cs-approvers");
		assertThat(grant.get("details").get("change").asString()).isEqualTo("granted");
		JsonNode success = single(events("authn_login_success", "alice"));
		assertThat(success.get("actor").get("id").asString()).isEqualTo("alice");
		assertThat(success.get("details").get("method").asString()).isEqualTo("oidc");
		assertThat(success.get("details").get("issuer").asString()).isEqualTo(idp.issuer());
		assertThat(eventsByActor("session_created", "alice")).hasSize(1);
	}

	@Test
	void eachSignInBringsSsoGrantsInStepWithTheGroupsAndLeavesManualGrantsAlone() throws SQLException {
		idp.setGroups("bob", List.of("cs-approvers"));
		Browser first = new Browser();
		first.signIn(base().resolve("/oauth2/authorization/" + REGISTRATION), "bob");
		String accountId = ApiClient.json(withSession(first).get("/api/v1/me")).get("id").asString();
		grantManually(accountId, "viewer");

		// the provider moves bob from the approvers to the auditors (and a group mapped
		// to a role that does not exist)
		idp.setGroups("bob", List.of("cs-auditors", "cs-legacy"));
		Browser second = new Browser();
		second.signIn(base().resolve("/oauth2/authorization/" + REGISTRATION), "bob");

		JsonNode me = ApiClient.json(withSession(second).get("/api/v1/me"));
		assertThat(me.get("id").asString()).isEqualTo(accountId);
		assertThat(roles(me)).containsExactly("auditor:sso", "viewer:manual");
		assertThat(me.get("permissions").has("approvals:decide")).isFalse();
		assertThat(me.get("permissions").has("ledger:verify")).isTrue();
		List<String> changes = events("authz_change", "bob").stream()
			.map((event) -> event.get("action").asString() + " " + event.get("details").get("role").asString())
			.toList();
		assertThat(changes).containsExactlyInAnyOrder("grant approver", "revoke approver", "grant auditor");
		assertThat(events("user_created", "bob")).hasSize(1);
		assertThat(events("authn_login_success", "bob")).hasSize(2);
	}

	@Test
	void providerUserNamedLikeALocalAccountIsRefusedInsteadOfTakingItOver() {
		idp.setGroups("admin", List.of("cs-approvers"));

		Browser browser = new Browser();
		HttpResponse<String> last = browser.signIn(base().resolve("/oauth2/authorization/" + REGISTRATION), "admin");

		assertThat(last.statusCode()).isEqualTo(401);
		JsonNode problem = ApiClient.json(last);
		assertThat(problem.get("code").asString()).isEqualTo("ERR_LOGIN_FAILED");
		assertThat(problem.get("detail").asString()).contains("'admin' already exists");
		assertThat(browser.cookie(SessionCookie.NAME)).isEmpty();
		assertThat(linkedSubject("admin")).isEmpty();
		JsonNode refused = single(events("authn_login_fail", "admin"));
		assertThat(refused.get("outcome").asString()).isEqualTo("failure");
		assertThat(refused.get("reason").asString()).isEqualTo("username_taken");
		assertThat(refused.get("details").get("method").asString()).isEqualTo("oidc");
		// the local admin keeps exactly its own grant
		JsonNode admin = ApiClient.json(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN).get("/api/v1/me"));
		assertThat(roles(admin)).containsExactly("admin:manual");
	}

	@Test
	void aRoleThatRequiresMfaNeedsTheProviderToReportASecondFactor() {
		idp.setGroups("root", List.of("cs-admins"));
		idp.setMethods("root", List.of("pwd"));

		Browser passwordOnly = new Browser();
		HttpResponse<String> refused = passwordOnly.signIn(base().resolve("/oauth2/authorization/" + REGISTRATION),
				"root");

		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(ApiClient.json(refused).get("detail").asString()).contains("multi-factor");
		assertThat(passwordOnly.cookie(SessionCookie.NAME)).isEmpty();
		assertThat(single(events("authn_login_fail", "root")).get("reason").asString()).isEqualTo("mfa_not_asserted");

		idp.setMethods("root", List.of("pwd", "otp"));
		Browser withSecondFactor = new Browser();
		HttpResponse<String> signedIn = withSecondFactor.signIn(base().resolve("/oauth2/authorization/" + REGISTRATION),
				"root");

		assertThat(signedIn.statusCode()).isEqualTo(302);
		JsonNode me = ApiClient.json(withSession(withSecondFactor).get("/api/v1/me"));
		assertThat(roles(me)).containsExactly("admin:sso");
	}

	@Test
	void callbackWithoutTheAuthorizationRequestCookieIsRefused() {
		HttpResponse<String> response = new Browser()
			.get(base().resolve("/login/oauth2/code/" + REGISTRATION + "?code=forged&state=forged"));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(ApiClient.json(response).get("code").asString()).isEqualTo("ERR_LOGIN_FAILED");
		List<JsonNode> failures = ApiClient
			.json(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN).get("/api/v1/events?type=authn_login_fail"))
			.get("events")
			.valueStream()
			.map((item) -> item.get("event"))
			.filter((event) -> "authorization_request_not_found".equals(event.path("reason").asString()))
			.toList();
		assertThat(failures).isNotEmpty();
	}

	@Test
	void signInStartRedirectsToTheProviderWithAStateAndNonceAndNoServletSession() {
		HttpResponse<String> response = new Browser().get(base().resolve("/oauth2/authorization/" + REGISTRATION));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).startsWith(idp.issuer() + "/oauth2/authorize?")
				.contains("state=", "nonce=", "client_id=" + TestIdentityProvider.CLIENT_ID));
		List<String> cookies = response.headers().allValues("Set-Cookie");
		assertThat(cookies).noneMatch((cookie) -> cookie.startsWith("JSESSIONID"));
		assertThat(cookies).anySatisfy((cookie) -> assertThat(cookie).startsWith(AuthorizationRequestCookie.NAME + "=")
			.contains("Path=/login/oauth2/code", "HttpOnly", "SameSite=Lax"));
	}

	@Test
	void anUnknownRegistrationIsNotFound() {
		HttpResponse<String> response = new Browser().get(base().resolve("/oauth2/authorization/no-such-idp"));

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(ApiClient.json(response).get("code").asString()).isEqualTo("ERR_NOT_FOUND");
	}

	@Test
	void signingInAgainEndsTheBrowsersEarlierSessionAndRotatesTheCsrfToken() {
		idp.setGroups("alice", List.of("cs-approvers"));
		Browser browser = new Browser();
		URI start = base().resolve("/oauth2/authorization/" + REGISTRATION);
		HttpResponse<String> callback = browser.signIn(start, "alice");
		String firstSession = browser.cookie(SessionCookie.NAME).orElseThrow();
		JsonNode csrf = ApiClient.json(browser.send(HttpRequest.newBuilder(base().resolve("/api/v1/session/csrf"))));
		assertThat(browser.cookie(SecurityConfiguration.CSRF_COOKIE)).isPresent();

		HttpResponse<String> again = browser.signIn(start, "alice");

		// Lax: the browser sends it on the first page after the provider's redirect
		assertThat(callback.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith(SessionCookie.NAME + "=").contains("SameSite=Lax"));
		assertThat(again.statusCode()).isEqualTo(302);
		String secondSession = browser.cookie(SessionCookie.NAME).orElseThrow();
		assertThat(secondSession).isNotEqualTo(firstSession);
		assertThat(
				this.api.withHeader("Cookie", SessionCookie.NAME + "=" + firstSession).get("/api/v1/me").statusCode())
			.isEqualTo(401);
		assertThat(browser.cookie(SecurityConfiguration.CSRF_COOKIE)).as("CSRF cookie cleared").isEmpty();
		// the token known before the new sign-in (perhaps planted) does not serve it
		HttpResponse<String> stale = browser.send(HttpRequest.newBuilder(base().resolve("/api/v1/me/totp"))
			.header("X-CSRF-TOKEN", csrf.get("token").asString())
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(stale.statusCode()).isEqualTo(403);
		assertThat(ApiClient.json(stale).get("code").asString()).isEqualTo("ERR_CSRF");
	}

	@Test
	void ssoGrantsLastTheRenewalWindowFromEachSignIn() throws SQLException {
		idp.setGroups("bob", List.of("cs-auditors"));
		Browser browser = new Browser();
		browser.signIn(base().resolve("/oauth2/authorization/" + REGISTRATION), "bob");
		String accountId = ApiClient.json(withSession(browser).get("/api/v1/me")).get("id").asString();
		// the provider off-boarded bob, who never signs in again: the grant runs out
		java.time.Instant expiry = grantExpiry(accountId, "auditor").orElseThrow();
		assertThat(expiry).isBetween(java.time.Instant.now().plus(java.time.Duration.ofDays(29)),
				java.time.Instant.now().plus(java.time.Duration.ofDays(31)));
		expireGrant(accountId, "auditor");

		// a sign-in while still in the group renews it
		Browser later = new Browser();
		later.signIn(base().resolve("/oauth2/authorization/" + REGISTRATION), "bob");

		assertThat(roles(ApiClient.json(withSession(later).get("/api/v1/me")))).contains("auditor:sso");
		assertThat(grantExpiry(accountId, "auditor").orElseThrow()).isAfter(java.time.Instant.now().plusSeconds(3600));
	}

	@Test
	void anAdministratorLinksALocalAccountToTheProvidersUser() {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		String local = "local-" + Long.toHexString(System.nanoTime());
		assertThat(admin.post("/api/v1/users", "application/json", "{\"username\":\"" + local + "\"}").statusCode())
			.isEqualTo(201);
		String link = "{\"issuer\":\"" + idp.issuer() + "\",\"subject\":\"" + idp.subject("erin") + "\"}";

		HttpResponse<String> withoutCredential = this.api.withHeader("Authorization", "Bearer cs_not_a_token")
			.send("PUT", "/api/v1/users/" + local + "/sso-link", link);
		HttpResponse<String> linked = admin.send("PUT", "/api/v1/users/" + local + "/sso-link", link);
		idp.setGroups("erin", List.of());
		Browser browser = new Browser();
		HttpResponse<String> last = browser.signIn(base().resolve("/oauth2/authorization/" + REGISTRATION), "erin");

		assertThat(withoutCredential.statusCode()).isEqualTo(401);
		assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
		assertThat(last.statusCode()).isEqualTo(302);
		assertThat(ApiClient.json(withSession(browser).get("/api/v1/me")).get("username").asString()).isEqualTo(local);
		assertThat(events("user_created", "erin")).isEmpty();
		JsonNode event = single(events("user_updated", local));
		assertThat(event.get("action").asString()).isEqualTo("link_sso");
		assertThat(event.get("details").get("subject").asString()).isEqualTo(idp.subject("erin"));
		// the same provider user cannot be linked to a second account
		String other = "other-" + Long.toHexString(System.nanoTime());
		admin.post("/api/v1/users", "application/json", "{\"username\":\"" + other + "\"}");
		HttpResponse<String> twice = admin.send("PUT", "/api/v1/users/" + other + "/sso-link", link);
		assertThat(twice.statusCode()).isEqualTo(409);
		assertThat(ApiClient.json(twice).get("code").asString()).isEqualTo("ERR_SSO_SUBJECT_LINKED");
	}

	@Test
	void theLastAdminKeepsAnSsoAdminGrantTheProviderNoLongerGives() throws SQLException {
		idp.setGroups("dana", List.of("cs-admins"));
		idp.setMethods("dana", List.of("pwd", "otp"));
		new Browser().signIn(base().resolve("/oauth2/authorization/" + REGISTRATION), "dana");
		try {
			// every other admin grant runs out: dana is now the only admin
			setAdminExpiry("CURRENT_TIMESTAMP - INTERVAL '1 minute'");
			idp.setGroups("dana", List.of());

			Browser browser = new Browser();
			HttpResponse<String> last = browser.signIn(base().resolve("/oauth2/authorization/" + REGISTRATION), "dana");

			assertThat(last.statusCode()).isEqualTo(302);
			assertThat(roles(ApiClient.json(withSession(browser).get("/api/v1/me")))).containsExactly("admin:sso");
		}
		finally {
			setAdminExpiry("NULL");
		}
		assertThat(events("authz_change", "dana")).extracting((event) -> event.get("action").asString())
			.containsExactly("grant");
	}

	private void setAdminExpiry(String expiry) throws SQLException {
		try (Connection connection = database().connect();
				PreparedStatement statement = connection.prepareStatement("UPDATE role_grant SET expires_at = " + expiry
						+ " WHERE role_name = 'admin' AND account_id <> (SELECT id FROM account WHERE username = 'dana')")) {
			assertThat(statement.executeUpdate()).isPositive();
		}
		this.changes.changed();
	}

	private static Optional<java.time.Instant> grantExpiry(String accountId, String role) throws SQLException {
		try (Connection connection = database().connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT expires_at FROM role_grant WHERE account_id = ? AND role_name = ?")) {
			statement.setString(1, accountId);
			statement.setString(2, role);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return Optional.ofNullable(rows.getObject(1, java.time.OffsetDateTime.class))
					.map(java.time.OffsetDateTime::toInstant);
			}
		}
	}

	private static void expireGrant(String accountId, String role) throws SQLException {
		try (Connection connection = database().connect();
				PreparedStatement statement = connection.prepareStatement(
						"UPDATE role_grant SET expires_at = CURRENT_TIMESTAMP - INTERVAL '1 minute' WHERE account_id = ? AND role_name = ?")) {
			statement.setString(1, accountId);
			statement.setString(2, role);
			assertThat(statement.executeUpdate()).isOne();
		}
	}

	private URI base() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	private ApiClient withSession(Browser browser) {
		String token = browser.cookie(SessionCookie.NAME).orElseThrow();
		return this.api.withHeader("Cookie", SessionCookie.NAME + "=" + token);
	}

	private static List<String> roles(JsonNode me) {
		return me.get("roles")
			.valueStream()
			.map((role) -> role.get("role").asString() + ":" + role.get("source").asString())
			.sorted()
			.toList();
	}

	private List<JsonNode> events(String type, String account) {
		return eventsMatching("type=" + type + "&resourceType=account&resourceId=" + account);
	}

	private List<JsonNode> eventsByActor(String type, String actor) {
		return eventsMatching("type=" + type + "&actor=" + actor);
	}

	private List<JsonNode> eventsMatching(String query) {
		HttpResponse<String> response = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN).get("/api/v1/events?" + query);
		assertThat(response.statusCode()).isEqualTo(200);
		return ApiClient.json(response).get("events").valueStream().map((item) -> item.get("event")).toList();
	}

	private static JsonNode single(List<JsonNode> events) {
		assertThat(events).hasSize(1);
		return events.get(0);
	}

	private static Optional<String> linkedSubject(String username) {
		try (Connection connection = database().connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT sso_issuer, sso_subject FROM account WHERE username = ?")) {
			statement.setString(1, username);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return Optional.ofNullable(rows.getString(1)).map((issuer) -> {
					try {
						return issuer + " " + rows.getString(2);
					}
					catch (SQLException ex) {
						throw new IllegalStateException(ex);
					}
				});
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void grantManually(String accountId, String role) throws SQLException {
		try (Connection connection = database().connect(); PreparedStatement statement = connection.prepareStatement("""
				INSERT INTO role_grant (account_id, role_name, granted_by, granted_at, source)
				VALUES (?, ?, 'admin', CURRENT_TIMESTAMP, 'manual')
				""")) {
			statement.setString(1, accountId);
			statement.setString(2, role);
			statement.executeUpdate();
		}
	}

	/**
	 * What a browser does here: keeps cookies per host, follows redirects, and fills in
	 * the provider's login form (with its CSRF token) when shown one.
	 */
	private static final class Browser {

		private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

		private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

		private final HttpClient client = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		/**
		 * Follows the dance from {@code start} until the service answers with its own
		 * page ({@code /}) or with an error; returns that last response.
		 */
		HttpResponse<String> signIn(URI start, String username) {
			HttpResponse<String> response = get(start);
			List<String> visited = new ArrayList<>();
			for (int hop = 0; hop < 12; hop++) {
				visited.add(response.statusCode() + " " + response.uri().getPath());
				Optional<String> location = response.headers().firstValue("Location");
				if (response.statusCode() / 100 == 3 && location.isPresent()) {
					URI next = response.uri().resolve(location.get());
					if (next.equals(start.resolve("/"))) {
						// the service's own page: signed in
						return response;
					}
					response = get(next);
				}
				else if (response.statusCode() == 200 && response.uri().getPath().equals("/login")) {
					response = post(response.uri(), Map.of("username", username, "password",
							TestIdentityProvider.PASSWORD, "_csrf", csrfToken(response.body())));
				}
				else {
					return response;
				}
			}
			throw new AssertionError("no end to the redirects: " + visited);
		}

		HttpResponse<String> get(URI uri) {
			return send(HttpRequest.newBuilder(uri).header("Accept", "text/html").GET());
		}

		HttpResponse<String> post(URI uri, Map<String, String> form) {
			String body = form.entrySet()
				.stream()
				.map((field) -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
			return send(HttpRequest.newBuilder(uri)
				.header("Accept", "text/html")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		}

		Optional<String> cookie(String name) {
			return this.cookies.getCookieStore()
				.getCookies()
				.stream()
				.filter((cookie) -> cookie.getName().equals(name))
				.map(HttpCookie::getValue)
				.filter((value) -> !value.isEmpty())
				.findFirst();
		}

		private static String csrfToken(String loginPage) {
			Matcher matcher = CSRF.matcher(loginPage);
			assertThat(matcher.find()).as("CSRF token in the provider's login form").isTrue();
			return matcher.group(1);
		}

		private HttpResponse<String> send(HttpRequest.Builder request) {
			try {
				return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
