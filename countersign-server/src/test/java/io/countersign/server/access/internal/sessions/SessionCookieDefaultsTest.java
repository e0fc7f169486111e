package io.countersign.server.access.internal.sessions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;

import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.Browser;
import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.access.internal.roles.RoleGrants;
import io.countersign.server.access.internal.tokens.AccessTokens;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Out of the box the session and CSRF cookies are sent over HTTPS only. Cookies are
 * handled by hand here, because a browser (and the JDK's cookie manager) would not send
 * Secure cookies back over this test's plain HTTP.
 */
class SessionCookieDefaultsTest extends PostgresApplicationTest {

	private static final String PASSWORD = "a long enough password";

	@LocalServerPort
	private int port;

	@Autowired
	private Accounts accounts;

	@Autowired
	private RoleGrants grants;

	@Autowired
	private PasswordEncoder passwords;

	@Autowired
	private AccessTokens tokens;

	@Autowired
	private AccessChanges changes;

	@Autowired
	private Clock clock;

	@Test
	void sessionAndCsrfCookiesAreSecureHttpOnlyAndSameSiteByDefault() throws Exception {
		Account user = new TestUsers(this.accounts, this.grants, this.passwords, this.tokens, this.changes, this.clock)
			.user(TestUsers.uniqueName("alice"), PASSWORD, "viewer");
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> csrf = send(http, HttpRequest.newBuilder(uri("/api/v1/session/csrf")).GET());
		String csrfCookie = setCookie(csrf, "__Host-CS_CSRF");

		HttpResponse<String> signIn = send(http,
				HttpRequest.newBuilder(uri(Browser.SESSION))
					.header("Content-Type", "application/json")
					.header("Cookie", csrfCookie.substring(0, csrfCookie.indexOf(';')))
					.header("X-CSRF-TOKEN", ApiClient.json(csrf).get("token").asString())
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"username\":\"" + user.username() + "\",\"password\":\"" + PASSWORD + "\"}")));

		assertThat(signIn.statusCode()).isEqualTo(201);
		assertThat(setCookie(signIn, SessionCookie.NAME)).contains("; Secure")
			.contains("; HttpOnly")
			.contains("; SameSite=Lax");
		// the __Host- prefix binds the CSRF cookie to this host, HTTPS and path /
		assertThat(csrfCookie).startsWith("__Host-CS_CSRF=")
			.contains("; Secure")
			.contains("; Path=/;")
			.contains("; HttpOnly")
			.contains("; SameSite=Strict")
			.doesNotContainIgnoringCase("Domain=");
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request)
			throws IOException, InterruptedException {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String setCookie(HttpResponse<String> response, String name) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith(name + "="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + name + " cookie set"));
	}

}
