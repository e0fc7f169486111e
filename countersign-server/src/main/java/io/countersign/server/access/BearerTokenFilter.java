package io.countersign.server.access;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} (RFC 6750 section 2.1). No header
 * leaves the request anonymous (authorization then decides); a header with an unknown
 * token is refused at once with 401.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

	private static final String SCHEME = "bearer ";

	private final BearerTokenAuthenticator authenticator;

	private final AuthenticationEntryPoint entryPoint;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	BearerTokenFilter(BearerTokenAuthenticator authenticator, AuthenticationEntryPoint entryPoint) {
		this.authenticator = authenticator;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<String> token = bearerToken(request);
		if (token.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		Optional<Caller> caller = this.authenticator.authenticate(token.get());
		if (caller.isEmpty()) {
			this.contexts.clearContext();
			this.entryPoint.commence(request, response, new BadCredentialsException("unknown bearer token"));
			return;
		}
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(new CallerAuthentication(caller.get()));
		this.contexts.setContext(context);
		chain.doFilter(request, response);
	}

	private static Optional<String> bearerToken(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		// the scheme name is case-insensitive (RFC 9110 section 11.1)
		if (header == null || header.length() < SCHEME.length()
				|| !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			return Optional.empty();
		}
		return Optional.of(header.substring(SCHEME.length()).strip());
	}

}
