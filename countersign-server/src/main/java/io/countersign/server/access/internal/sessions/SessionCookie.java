package io.countersign.server.access.internal.sessions;

import java.time.Duration;
import java.util.Optional;

import io.countersign.server.access.internal.AccessProperties;
import io.countersign.server.access.internal.security.SecurityConfiguration;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.util.WebUtils;

/**
 * The console session cookie: HTTP-only (scripts cannot read it), SameSite=Lax, and
 * Secure unless {@code countersign.access.session.secure-cookie} is switched off for
 * plain-HTTP development. No Max-Age: it lives as long as the browser session and the
 * server-side timeouts allow.
 */
@Component
public class SessionCookie {

	public static final String NAME = SecurityConfiguration.SESSION_COOKIE;

	/**
	 * Lax, not Strict: single sign-on ends with the identity provider's cross-site
	 * redirect, and with Strict the first page after it would be unauthenticated. Lax
	 * still withholds the cookie from cross-site POSTs, PUTs and DELETEs; changes need
	 * the CSRF token besides, whose cookie stays Strict.
	 */
	static final String SAME_SITE = "Lax";

	private final boolean secure;

	SessionCookie(AccessProperties properties) {
		this.secure = properties.session().secureCookie();
	}

	public void write(HttpServletResponse response, String token) {
		response.addHeader(HttpHeaders.SET_COOKIE, base(token).build().toString());
	}

	public void clear(HttpServletResponse response) {
		response.addHeader(HttpHeaders.SET_COOKIE, base("").maxAge(Duration.ZERO).build().toString());
	}

	public static Optional<String> read(HttpServletRequest request) {
		return value(request, NAME);
	}

	/** The non-empty value of the named cookie of {@code request}. */
	public static Optional<String> value(HttpServletRequest request, String name) {
		return Optional.ofNullable(WebUtils.getCookie(request, name))
			.map(Cookie::getValue)
			.filter((value) -> !value.isEmpty());
	}

	private ResponseCookie.ResponseCookieBuilder base(String value) {
		return ResponseCookie.from(NAME, value).httpOnly(true).secure(this.secure).sameSite(SAME_SITE).path("/");
	}

}
