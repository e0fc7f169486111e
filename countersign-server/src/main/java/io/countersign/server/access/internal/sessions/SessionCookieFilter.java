package io.countersign.server.access.internal.sessions;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Outcome;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.security.CallerAuthentication;
import io.countersign.server.access.internal.security.ProblemSecurityHandler;
import io.countersign.server.access.internal.signin.UnauthenticatedFailures;
import io.countersign.server.access.internal.tokens.BearerTokenFilter;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its console session cookie, unless it carries a bearer token
 * (which then decides alone). A cookie of an unknown, ended or timed-out session is
 * recorded as a failed authentication ({@code authn_login_fail}), cleared, and the
 * request continues anonymous, so authorization answers 401; once the source address is
 * over the limit of {@link UnauthenticatedFailures}, it is only counted, cleared and
 * answered 429.
 */
public final class SessionCookieFilter extends OncePerRequestFilter {

	private final ConsoleSessions sessions;

	private final SessionCookie cookie;

	private final AccessAudit audit;

	private final UnauthenticatedFailures failures;

	private final ProblemSecurityHandler problems;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	public SessionCookieFilter(ConsoleSessions sessions, SessionCookie cookie, AccessAudit audit,
			UnauthenticatedFailures failures, ProblemSecurityHandler problems) {
		this.sessions = sessions;
		this.cookie = cookie;
		this.audit = audit;
		this.failures = failures;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<String> token = SessionCookie.read(request);
		if (token.isPresent() && BearerTokenFilter.bearerToken(request).isEmpty()) {
			Optional<Caller> caller = this.sessions.authenticate(token.get());
			if (caller.isPresent()) {
				SecurityContext context = this.contexts.createEmptyContext();
				context.setAuthentication(new CallerAuthentication(caller.get()));
				this.contexts.setContext(context);
			}
			else if (!this.failures.count("session", Optional.empty())) {
				this.cookie.clear(response);
				this.problems.tooManyFailures(request, response, this.failures.retryAfter());
				return;
			}
			else {
				this.audit.record(EventDraft.of("authn_login_fail", BearerTokenFilter.ANONYMOUS)
					.withAction("authenticate")
					.withOutcome(Outcome.FAILURE, Optional.of("unknown or ended session"))
					.withDetails(Map.of("method", "session")));
				this.cookie.clear(response);
			}
		}
		chain.doFilter(request, response);
	}

}
