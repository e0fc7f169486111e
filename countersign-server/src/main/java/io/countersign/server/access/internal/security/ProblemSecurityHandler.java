package io.countersign.server.access.internal.security;

import java.io.IOException;
import java.time.Duration;

import io.countersign.server.access.internal.signin.UnauthenticatedFailures;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.RetryLaterException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Hands 401 and 403 decisions made in the security filters to Spring MVC's exception
 * resolvers, so the application's problem-details advice renders them exactly like every
 * other error (same builder, same format, same codes).
 */
public final class ProblemSecurityHandler implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final HandlerExceptionResolver resolver;

	ProblemSecurityHandler(HandlerExceptionResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (this.resolver.resolveException(request, response, null, ex) == null) {
			response.setHeader("WWW-Authenticate", "Bearer");
			response.sendError(HttpStatus.UNAUTHORIZED.value());
		}
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		if (this.resolver.resolveException(request, response, null, translate(ex)) == null) {
			response.sendError(HttpStatus.FORBIDDEN.value());
		}
	}

	/**
	 * Refuses a request whose credentials failed while its source is over the limit of
	 * {@link UnauthenticatedFailures}: 429 with {@code Retry-After}.
	 */
	public void tooManyFailures(HttpServletRequest request, HttpServletResponse response, Duration retryAfter)
			throws IOException {
		RetryLaterException ex = new RetryLaterException(ErrorCode.ERR_TOO_MANY_FAILURES,
				ErrorCode.ERR_TOO_MANY_FAILURES.defaultMessage(), retryAfter);
		if (this.resolver.resolveException(request, response, null, ex) == null) {
			response.sendError(HttpStatus.TOO_MANY_REQUESTS.value());
		}
	}

	private static Exception translate(AccessDeniedException ex) {
		if (ex instanceof CsrfException) {
			return new CountersignException(ErrorCode.ERR_CSRF);
		}
		if (ex instanceof AuthorizationDeniedException denied
				&& denied.getAuthorizationResult() instanceof ActuatorPermission.MissingPermission missing) {
			return new CountersignException(ErrorCode.ERR_PERMISSION_DENIED,
					"This action requires the permission '" + missing.permission() + "'.");
		}
		return ex;
	}

}
