package io.countersign.server.access.internal.tokens;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.security.CallerAuthentication;
import io.countersign.server.access.internal.security.ProblemSecurityHandler;
import io.countersign.server.access.internal.signin.UnauthenticatedFailures;
import io.countersign.server.audit.EventDraft;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} (RFC 6750 section 2.1). No header
 * leaves the request anonymous (authorization then decides); a header with an unknown,
 * revoked or expired token is refused at once with 401 and written to the ledger, or,
 * once its source address is over the limit of {@link UnauthenticatedFailures}, with 429
 * and only counted.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {

	public static final Actor ANONYMOUS = new Actor("anonymous", "anonymous");

	private static final String SCHEME = "bearer ";

	private final BearerTokenAuthenticator authenticator;

	private final AccessAudit audit;

	private final ProblemSecurityHandler problems;

	private final UnauthenticatedFailures failures;

	private final Timer timer;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	public BearerTokenFilter(BearerTokenAuthenticator authenticator, AccessAudit audit, ProblemSecurityHandler problems,
			UnauthenticatedFailures failures, Timer timer) {
		this.authenticator = authenticator;
		this.audit = audit;
		this.problems = problems;
		this.failures = failures;
		this.timer = timer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<String> token = bearerToken(request);
		if (token.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		long started = System.nanoTime();
		TokenAuthentication result = this.authenticator.authenticate(token.get());
		this.timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		if (result instanceof TokenAuthentication.Refused refused) {
			this.contexts.clearContext();
			if (!this.failures.count("token", Optional.empty())) {
				this.problems.tooManyFailures(request, response, this.failures.retryAfter());
				return;
			}
			recordRefusal(refused);
			this.problems.commence(request, response, new BadCredentialsException("invalid bearer token"));
			return;
		}
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(new CallerAuthentication(((TokenAuthentication.Accepted) result).caller()));
		this.contexts.setContext(context);
		chain.doFilter(request, response);
	}

	private void recordRefusal(TokenAuthentication.Refused refused) {
		EventDraft draft = EventDraft.of("authn_login_fail", ANONYMOUS)
			.withAction("authenticate")
			.withOutcome(Outcome.FAILURE, Optional.of(refused.reason()))
			.withDetails(Map.of("method", "token"));
		this.audit.record(refused.tokenId().map((id) -> draft.withResource(new Resource("token", id))).orElse(draft));
	}

	public static Optional<String> bearerToken(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		// the scheme name is case-insensitive (RFC 9110 section 11.1)
		if (header == null || header.length() < SCHEME.length()
				|| !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			return Optional.empty();
		}
		return Optional.of(header.substring(SCHEME.length()).strip());
	}

}
