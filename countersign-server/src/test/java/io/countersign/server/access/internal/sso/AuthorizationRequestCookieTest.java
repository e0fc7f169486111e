package io.countersign.server.access.internal.sso;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.countersign.server.secrets.MasterKey;
import io.countersign.server.secrets.SecretSealer;
import io.countersign.server.testing.TestSecrets;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization request survives the trip through the browser only unaltered, under
 * the same master key, and for a limited time.
 */
class AuthorizationRequestCookieTest {

	private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

	private final SecretSealer sealer = new SecretSealer(MasterKey.fromBase64(TestSecrets.MASTER_KEY));

	@Test
	void theCallbackGetsBackTheRequestThatWasSaved() {
		OAuth2AuthorizationRequest saved = request();

		String cookie = save(saved, at(NOW));
		OAuth2AuthorizationRequest loaded = at(NOW.plusSeconds(60)).removeAuthorizationRequest(callback(cookie),
				new MockHttpServletResponse());

		assertThat(loaded).isEqualTo(saved);
		assertThat(loaded.getAttributes()).isEqualTo(saved.getAttributes());
		assertThat(loaded.getAdditionalParameters()).isEqualTo(saved.getAdditionalParameters());
		assertThat(loaded.getAuthorizationRequestUri()).isEqualTo(saved.getAuthorizationRequestUri());
	}

	@Test
	void theCookieIsSmallEnoughForEveryBrowserAndRevealsNothing() {
		String cookie = save(request(), at(NOW));

		assertThat(cookie.length()).isLessThan(3000);
		assertThat(cookie).doesNotContain("verifier", "nonce", "state");
	}

	@Test
	void anAlteredCookieIsIgnored() {
		String cookie = save(request(), at(NOW));
		char last = cookie.charAt(cookie.length() - 2);
		String altered = cookie.substring(0, cookie.length() - 2) + ((last == 'A') ? 'B' : 'A')
				+ cookie.charAt(cookie.length() - 1);

		assertThat(at(NOW).loadAuthorizationRequest(callback(altered))).isNull();
		assertThat(at(NOW).loadAuthorizationRequest(callback("not-base64-at-all!"))).isNull();
	}

	@Test
	void aCookieFromAnotherMasterKeyIsIgnored() {
		String cookie = save(request(), at(NOW));
		AuthorizationRequestCookie other = new AuthorizationRequestCookie(new SecretSealer(MasterKey.generate()), true,
				Clock.fixed(NOW, ZoneOffset.UTC));

		assertThat(other.loadAuthorizationRequest(callback(cookie))).isNull();
	}

	@Test
	void aCookieOlderThanItsLifetimeIsIgnored() {
		String cookie = save(request(), at(NOW));

		Instant late = NOW.plus(AuthorizationRequestCookie.LIFETIME);

		assertThat(at(late.minusSeconds(1)).loadAuthorizationRequest(callback(cookie))).isNotNull();
		assertThat(at(late).loadAuthorizationRequest(callback(cookie))).isNull();
	}

	@Test
	void removingClearsTheCookieOnTheCallbackPath() {
		MockHttpServletResponse response = new MockHttpServletResponse();

		at(NOW).removeAuthorizationRequest(callback(save(request(), at(NOW))), response);

		assertThat(response.getHeader("Set-Cookie")).startsWith(AuthorizationRequestCookie.NAME + "=;")
			.contains("Max-Age=0", "Path=/login/oauth2/code");
	}

	private AuthorizationRequestCookie at(Instant now) {
		return new AuthorizationRequestCookie(this.sealer, true, Clock.fixed(now, ZoneOffset.UTC));
	}

	private static String save(OAuth2AuthorizationRequest request, AuthorizationRequestCookie cookies) {
		MockHttpServletResponse response = new MockHttpServletResponse();
		cookies.saveAuthorizationRequest(request, new MockHttpServletRequest(), response);
		String header = response.getHeader("Set-Cookie");
		assertThat(header).contains("HttpOnly", "Secure", "SameSite=Lax", "Path=/login/oauth2/code");
		return header.substring(AuthorizationRequestCookie.NAME.length() + 1, header.indexOf(';'));
	}

	private static MockHttpServletRequest callback(String cookie) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/oauth2/code/idp");
		request.setCookies(new Cookie(AuthorizationRequestCookie.NAME, cookie));
		return request;
	}

	private static OAuth2AuthorizationRequest request() {
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("https://idp.example/oauth2/authorize")
			.clientId("countersign")
			.redirectUri("https://countersign.example/login/oauth2/code/idp")
			.scope("openid", "profile", "email")
			.state("c3RhdGUtdmFsdWUtb2YtdGhlLXJlcXVlc3Q")
			.additionalParameters(Map.of("nonce", "bm9uY2UtaGFzaA", "code_challenge",
					"Y2hhbGxlbmdlLWNoYWxsZW5nZS1jaGFsbGVuZ2U", "code_challenge_method", "S256"))
			.attributes(Map.of("registration_id", "idp", "nonce", "bm9uY2UtdmFsdWU", "code_verifier",
					"dmVyaWZpZXItdmVyaWZpZXItdmVyaWZpZXItdmVyaWZpZXI"))
			.build();
	}

}
