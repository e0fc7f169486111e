package io.countersign.server.access.internal.security;

import java.time.Clock;

import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.AccessProperties;
import io.countersign.server.access.internal.AccessTimers;
import io.countersign.server.access.internal.sessions.ConsoleSessions;
import io.countersign.server.access.internal.sessions.SessionCookie;
import io.countersign.server.access.internal.sessions.SessionCookieFilter;
import io.countersign.server.access.internal.signin.UnauthenticatedFailures;
import io.countersign.server.access.internal.sso.AuthorizationRequestCookie;
import io.countersign.server.access.internal.sso.DiscardedAuthorizedClients;
import io.countersign.server.access.internal.sso.SsoLoginHandler;
import io.countersign.server.access.internal.sso.SsoSignIn;
import io.countersign.server.access.internal.tokens.BearerTokenAuthenticator;
import io.countersign.server.access.internal.tokens.BearerTokenFilter;
import io.countersign.server.secrets.SecretSealer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.DefaultLoginPageConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The HTTP security of the service. Authentication: an API token
 * ({@code Authorization: Bearer}) or a console session cookie, opened by password sign-in
 * or, where OpenID Connect client registrations are configured, by single sign-on.
 * Authorization: every API handler declares its rule ({@link AccessRuleInterceptor});
 * here only the open paths are listed, and the actuator needs {@code metrics:read}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	/** The console session cookie (see SessionCookie). */
	public static final String SESSION_COOKIE = "CS_SESSION";

	static final String CSRF_HEADER = "X-CSRF-TOKEN";

	public static final String CSRF_COOKIE = "CS_CSRF";

	/**
	 * The CSRF cookie's name over HTTPS: browsers accept a {@code __Host-} cookie only
	 * Secure, for path {@code /} and without a domain, so a sibling subdomain or a plain
	 * HTTP page cannot plant a token of its own choosing.
	 */
	static final String SECURE_CSRF_COOKIE = "__Host-" + CSRF_COOKIE;

	/** Password sign-in: opens a console session. */
	static final String SIGN_IN = "/api/v1/session";

	/** Where single sign-on starts: {@code /oauth2/authorization/{registrationId}}. */
	static final String SSO_START = SsoLoginHandler.START_PATH + "/*";

	/** Where the identity provider sends the browser back. */
	static final String SSO_CALLBACK = AuthorizationRequestCookie.CALLBACK_PATH + "/*";

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, BearerTokenAuthenticator authenticator, AccessAudit audit,
			ConsoleSessions sessions, SessionCookie sessionCookie, AccessProperties properties,
			ObjectProvider<ClientRegistrationRepository> registrations, SsoSignIn ssoSignIn, SecretSealer sealer,
			Clock clock, AccessTimers timers, CookieCsrfTokenRepository csrfTokens, UnauthenticatedFailures failures,
			TransactionTemplate transaction, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver)
			throws Exception {
		ProblemSecurityHandler problems = new ProblemSecurityHandler(resolver);
		// single sign-on only with spring.security.oauth2.client.registration.* set
		ClientRegistrationRepository ssoRegistrations = registrations.getIfAvailable();
		if (ssoRegistrations != null) {
			singleSignOn(http, ssoRegistrations,
					new SsoLoginHandler(ssoSignIn, sessions, sessionCookie, csrfTokens, audit, resolver,
							ssoRegistrations, transaction),
					new AuthorizationRequestCookie(sealer, properties.session().secureCookie(), clock));
		}
		http
			// our own session cookie, not the servlet container's
			.sessionManagement((management) -> management.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// with no servlet session, session management takes every request made with
			// the session cookie for a fresh sign-in, and its default CSRF strategy then
			// cleared the token on each read. Sign-in (password and SSO) rotates the
			// token itself.
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens)
				.requireCsrfProtectionMatcher(csrfProtected())
				.sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			// nothing asks the servlet request for its user or roles (the caller comes
			// from the security context): no request wrapper on every request for that
			.servletApi(AbstractHttpConfigurer::disable)
			.addFilterBefore(new BearerTokenFilter(authenticator, audit, problems, failures, timers.authentication()),
					AnonymousAuthenticationFilter.class)
			.addFilterBefore(new SessionCookieFilter(sessions, sessionCookie, audit, failures, problems),
					AnonymousAuthenticationFilter.class)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(new ConsoleSignInEntryPoint(problems))
						.accessDeniedHandler(problems))
			.authorizeHttpRequests((requests) -> requests
				// error dispatches only render the status already decided for the
				// original request
				.dispatcherTypeMatchers(DispatcherType.ERROR)
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**")
				.permitAll()
				.requestMatchers("/actuator", "/actuator/**")
				.access(new ActuatorPermission(audit))
				.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
				.permitAll()
				// handlers marked @PublicEndpoint
				.requestMatchers(SIGN_IN, SIGN_IN + "/csrf")
				.permitAll()
				// the console's sign-in page and its static files (docs/console.md)
				.requestMatchers(HttpMethod.GET, ConsoleSignInEntryPoint.SIGN_IN_PAGE, "/ui/assets/**", "/webjars/**")
				.permitAll()
				.anyRequest()
				.authenticated());
		return http.build();
	}

	/**
	 * OpenID Connect sign-in: {@code /oauth2/authorization/{id}} redirects to the
	 * provider, which sends the browser back to {@code /login/oauth2/code/{id}}; no
	 * servlet session is used on the way.
	 */
	private static void singleSignOn(HttpSecurity http, ClientRegistrationRepository registrations,
			SsoLoginHandler handler, AuthorizationRequestCookie authorizationRequests) throws Exception {
		http.oauth2Login((login) -> login.clientRegistrationRepository(registrations)
			.authorizationEndpoint(
					(authorization) -> authorization.authorizationRequestRepository(authorizationRequests))
			.authorizedClientRepository(new DiscardedAuthorizedClients())
			.successHandler(handler)
			.failureHandler(handler)
			.withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
				@Override
				public <F extends OAuth2AuthorizationRequestRedirectFilter> F postProcess(F filter) {
					// by default an unknown registration id is a 500
					filter.setAuthenticationFailureHandler(handler::onStartFailure);
					return filter;
				}
			}));
		// sign-in starts at /oauth2/authorization/{id}: no generated HTML login page
		http.removeConfigurer(DefaultLoginPageConfigurer.class);
		// answered by the OAuth 2.0 login filters; listed before the rules that follow
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(SSO_START, SSO_CALLBACK).permitAll());
	}

	/**
	 * No Micrometer observation around each security filter, the authorization decision
	 * and authentication: wrapping every filter of every request costs more CPU than the
	 * append it guards, even with the observations switched off by property (the wrappers
	 * stay and ask the predicates each time). Requests are still timed as a whole
	 * ({@code http_server_requests}), and access control by {@link AccessTimers}.
	 */
	@Bean
	static SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Double-submit CSRF tokens: an HTTP-only cookie and the same token, masked, in the
	 * {@code X-CSRF-TOKEN} header (fetched from {@code GET /api/v1/session/csrf}).
	 */
	@Bean
	CookieCsrfTokenRepository csrfTokens(AccessProperties properties) {
		CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
		boolean secure = properties.session().secureCookie();
		csrfTokens.setCookieName(secure ? SECURE_CSRF_COOKIE : CSRF_COOKIE);
		csrfTokens.setHeaderName(CSRF_HEADER);
		csrfTokens.setCookieCustomizer((cookie) -> cookie.secure(secure).sameSite("Strict").httpOnly(true).path("/"));
		return csrfTokens;
	}

	/**
	 * CSRF tokens are required where a browser could send credentials on its own: on
	 * unsafe requests carrying the session cookie, and on sign-in itself (login CSRF). A
	 * bearer token is never sent by a browser unasked, so token requests need none.
	 */
	private static RequestMatcher csrfProtected() {
		return (request) -> !isSafe(request.getMethod())
				&& (SessionCookie.read(request).isPresent() || isSignIn(request))
				&& BearerTokenFilter.bearerToken(request).isEmpty();
	}

	private static boolean isSignIn(HttpServletRequest request) {
		return "POST".equals(request.getMethod()) && SIGN_IN.equals(request.getRequestURI());
	}

	private static boolean isSafe(String method) {
		return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) || "TRACE".equals(method);
	}

}
