package io.countersign.server.access.internal.security;

import io.countersign.server.shared.ConsolePage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The access rules of console pages marked {@link ConsolePage}: enforced exactly as for
 * the API ({@link AccessRuleInterceptor}: a denial is an {@code authz_fail} event and a
 * 403, a handler without a rule is closed). Every console page that needs a permission is
 * one; the sign-in and landing pages are open.
 */
class ConsolePageRules implements HandlerInterceptor {

	private final AccessRuleInterceptor rules;

	ConsolePageRules(AccessRuleInterceptor rules) {
		this.rules = rules;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod method && method.getBeanType().isAnnotationPresent(ConsolePage.class)) {
			return this.rules.preHandle(request, response, handler);
		}
		return true;
	}

}
