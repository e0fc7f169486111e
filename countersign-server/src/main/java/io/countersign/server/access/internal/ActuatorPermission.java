package io.countersign.server.access.internal;

import java.util.Optional;
import java.util.function.Supplier;

import io.countersign.server.shared.Caller;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The access rule of the actuator endpoints (which are not Spring MVC handlers): the
 * caller must hold {@code metrics:read}. A denial carries the permission so that the
 * problem names it.
 */
final class ActuatorPermission implements AuthorizationManager<RequestAuthorizationContext> {

	static final String PERMISSION = "metrics:read";

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
		return caller.get().holds(PERMISSION) ? new AuthorizationDecision(true) : new MissingPermission(PERMISSION);
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
