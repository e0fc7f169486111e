package io.countersign.server.access.internal.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.countersign.server.shared.PublicEndpoint;
import io.countersign.server.shared.RequiresPermission;
import io.countersign.server.shared.SelfService;

import org.springframework.web.method.HandlerMethod;

/**
 * The access rule an API handler declares with one of the annotations of
 * {@code io.countersign.server.shared}.
 */
sealed interface AccessRule {

	/** No authentication needed. */
	record Open() implements AccessRule {
	}

	/** Any authenticated caller, acting on their own account. */
	record Self() implements AccessRule {
	}

	/** The caller must hold the permission. */
	record Needs(String permission) implements AccessRule {
	}

	/**
	 * The rule of {@code handler}; empty when it declares none or more than one, which
	 * closes the endpoint to everyone.
	 */
	static Optional<AccessRule> of(HandlerMethod handler) {
		List<AccessRule> rules = new ArrayList<>();
		if (handler.hasMethodAnnotation(PublicEndpoint.class)) {
			rules.add(new Open());
		}
		if (handler.hasMethodAnnotation(SelfService.class)) {
			rules.add(new Self());
		}
		RequiresPermission permission = handler.getMethodAnnotation(RequiresPermission.class);
		if (permission != null) {
			rules.add(new Needs(permission.value()));
		}
		return (rules.size() == 1) ? Optional.of(rules.get(0)) : Optional.empty();
	}

}
