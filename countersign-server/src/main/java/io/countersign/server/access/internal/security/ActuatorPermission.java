package io.countersign.server.access.internal.security;

import java.util.Optional;
import java.util.function.Supplier;

import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.shared.Caller;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The access rule of the actuator endpoints (which are not Spring MVC handlers): the
 * caller must hold {@code metrics:read}. A denial is written to the ledger
 * ({@code authz_fail}), as the API's are, and carries the permission so that the problem
 * names it.
 */
final class ActuatorPermission implements AuthorizationManager<RequestAuthorizationContext> {

	static final String PERMISSION = "metrics:read";

	private final AccessAudit audit;

	ActuatorPermission(AccessAudit audit) {
		this.audit = audit;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		Optional<Caller> caller = Optional.ofNullable(authentication.get())
			.map(Authentication::getPrincipal)
			.filter(Caller.class::isInstance)
			.map(Caller.class::cast);
		if (caller.isEmpty()) {
			return new AuthorizationDecision(false);
		}
		if (caller.get().holds(PERMISSION)) {
			return new AuthorizationDecision(true);
		}
		HttpServletRequest request = context.getRequest();
		this.audit.recordDenial(caller.get(), PERMISSION, request.getMethod() + " " + request.getRequestURI());
		return new MissingPermission(PERMISSION);
	}

	/** A denial for want of a permission. */
	static final class MissingPermission extends AuthorizationDecision {

		private final String permission;

		MissingPermission(String permission) {
			super(false);
			this.permission = permission;
		}

		String permission() {
			return this.permission;
		}

	}

}
