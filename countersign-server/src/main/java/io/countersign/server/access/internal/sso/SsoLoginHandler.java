package io.countersign.server.access.internal.sso;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.sessions.ConsoleSessions;
import io.countersign.server.access.internal.sessions.SessionCookie;
import io.countersign.server.access.internal.tokens.BearerTokenFilter;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The end of the OpenID Connect redirect dance: once the identity provider's answer is
 * verified, signs the user in ({@link SsoSignIn}), opens a console session, sets its
 * cookie and sends the browser to {@code /}; when the answer is refused or sign-in is,
 * records {@code authn_login_fail} and answers a 401 problem ({@code ERR_LOGIN_FAILED}).
 */
public final class SsoLoginHandler implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	private static final Logger log = LoggerFactory.getLogger(SsoLoginHandler.class);

	static final String METHOD = "oidc";

	/** Where sign-in starts: {@code /oauth2/authorization/{id}}. */
	public static final String START_PATH = "/oauth2/authorization";

	private final SsoSignIn signIn;

	private final ConsoleSessions sessions;

	private final SessionCookie cookie;

	private final AccessAudit audit;

	private final HandlerExceptionResolver problems;

	private final ClientRegistrationRepository registrations;

	private final CsrfTokenRepository csrfTokens;

	private final TransactionTemplate transaction;

	public SsoLoginHandler(SsoSignIn signIn, ConsoleSessions sessions, SessionCookie cookie,
			CsrfTokenRepository csrfTokens, AccessAudit audit, HandlerExceptionResolver problems,
			ClientRegistrationRepository registrations, TransactionTemplate transaction) {
		this.csrfTokens = csrfTokens;
		this.transaction = transaction;
		this.registrations = registrations;
		this.signIn = signIn;
		this.sessions = sessions;
		this.cookie = cookie;
		this.audit = audit;
		this.problems = problems;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		Optional<String> registration = registration(authentication);
		if (!(authentication.getPrincipal() instanceof OidcUser user)) {
			refuse(request, response, "not_openid_connect", registration, Optional.empty(), Optional.empty(),
					"The identity provider did not answer with OpenID Connect (request the scope openid).");
			return;
		}
		String issuer = user.getIdToken().getClaimAsString(IdTokenClaimNames.ISS);
		SsoSignIn.Result result = this.signIn.signIn(user);
		if (result instanceof SsoSignIn.Refused refused) {
			refuse(request, response, refused.reason(), registration, Optional.of(issuer), refused.username(),
					refused.detail());
			return;
		}
		Account account = ((SsoSignIn.SignedIn) result).account();
		// the browser's earlier session (perhaps another account's) ends rather than
		// staying open behind the new cookie
		SessionCookie.read(request).flatMap(this.sessions::authenticate).ifPresent(this.sessions::signOut);
		// the session and the sign-in's event commit together
		ConsoleSessions.Opened opened = this.transaction.execute((status) -> {
			this.audit.record(EventDraft.of("authn_login_success", new Actor(account.username(), account.kind().wire()))
				.withAction("sign_in")
				.withResource(new Resource("account", account.username()))
				.withDetails(details(registration, Optional.of(issuer))));
			return this.sessions.open(account, "sso");
		});
		this.cookie.write(response, opened.token());
		// a CSRF token known before sign-in (perhaps planted) does not carry over
		this.csrfTokens.saveToken(null, request, response);
		response.sendRedirect(request.getContextPath() + "/");
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		// the OAuth 2.0 error code only: descriptions may echo what the provider sent
		String reason = (exception instanceof OAuth2AuthenticationException oauth2) ? oauth2.getError().getErrorCode()
				: "authentication_failed";
		log.info("Single sign-on failed ({}): {}", reason, exception.getMessage());
		refuse(request, response, reason, registration(request), Optional.empty(), Optional.empty(),
				"Single sign-on failed (" + reason + ").");
	}

	/**
	 * Sign-in could not start ({@code /oauth2/authorization/{id}}): an unknown
	 * registration is not found, anything else a failed sign-in.
	 */
	public void onStartFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		Optional<String> registration = pathSegment(request, START_PATH)
			.filter((id) -> this.registrations.findByRegistrationId(id) != null);
		if (registration.isEmpty()) {
			problem(request, response,
					new CountersignException(ErrorCode.ERR_NOT_FOUND, "No single sign-on registration has this id."));
			return;
		}
		log.warn("Single sign-on with '{}' could not start", registration.get(), exception);
		refuse(request, response, "authorization_request_failed", registration, Optional.empty(), Optional.empty(),
				"Single sign-on could not start.");
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String reason,
			Optional<String> registration, Optional<String> issuer, Optional<String> username, String detail)
			throws IOException {
		Map<String, Object> details = details(registration, issuer);
		EventDraft draft = EventDraft.of("authn_login_fail", BearerTokenFilter.ANONYMOUS)
			.withAction("sign_in")
			.withOutcome(Outcome.FAILURE, Optional.of(reason))
			.withDetails(details);
		this.audit.record(username.map((name) -> draft.withResource(new Resource("account", name))).orElse(draft));
		problem(request, response, new CountersignException(ErrorCode.ERR_LOGIN_FAILED, detail));
	}

	private void problem(HttpServletRequest request, HttpServletResponse response, CountersignException problem)
			throws IOException {
		if (this.problems.resolveException(request, response, null, problem) == null) {
			response.sendError(HttpStatus.UNAUTHORIZED.value());
		}
	}

	private static Map<String, Object> details(Optional<String> registration, Optional<String> issuer) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("method", METHOD);
		registration.ifPresent((id) -> details.put("registration", id));
		issuer.ifPresent((value) -> details.put("issuer", value));
		return details;
	}

	private static Optional<String> registration(Authentication authentication) {
		return (authentication instanceof OAuth2AuthenticationToken token)
				? Optional.of(token.getAuthorizedClientRegistrationId()) : Optional.empty();
	}

	/** The registration id in the callback path {@code /login/oauth2/code/{id}}. */
	private static Optional<String> registration(HttpServletRequest request) {
		return pathSegment(request, AuthorizationRequestCookie.CALLBACK_PATH);
	}

	private static Optional<String> pathSegment(HttpServletRequest request, String path) {
		String prefix = request.getContextPath() + path + "/";
		String uri = request.getRequestURI();
		if (!uri.startsWith(prefix) || uri.length() == prefix.length() || uri.length() > prefix.length() + 64) {
			return Optional.empty();
		}
		String id = uri.substring(prefix.length());
		return id.matches("[A-Za-z0-9._-]+") ? Optional.of(id) : Optional.empty();
	}

}
