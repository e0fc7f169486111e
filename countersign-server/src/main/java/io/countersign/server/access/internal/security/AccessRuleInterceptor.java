package io.countersign.server.access.internal.security;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Enforces the access rule of every API handler before it runs. A denial is written to
 * the ledger ({@code authz_fail}) and answered with 403 naming the missing permission; a
 * handler without a rule is closed to everyone (fail closed).
 */
public class AccessRuleInterceptor implements HandlerInterceptor {

	private static final Logger log = LoggerFactory.getLogger(AccessRuleInterceptor.class);

	private final AccessAudit audit;

	private final Timer timer;

	// handler methods are fixed at startup; their annotations need not be read per
	// request
	private final Map<Method, Optional<AccessRule>> rules = new ConcurrentHashMap<>();

	AccessRuleInterceptor(AccessAudit audit, Timer timer) {
		this.audit = audit;
		this.timer = timer;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		long started = System.nanoTime();
		Optional<AccessRule> rule = this.rules.computeIfAbsent(method.getMethod(), (key) -> AccessRule.of(method));
		if (rule.isEmpty()) {
			log.error("{} declares no single access rule; refusing {} {}", method.getShortLogMessage(),
					request.getMethod(), request.getRequestURI());
			throw new CountersignException(ErrorCode.ERR_FORBIDDEN, "This endpoint is closed: it has no access rule.");
		}
		if (rule.get() instanceof AccessRule.Open) {
			return true;
		}
		Caller caller = currentCaller().orElseThrow(() -> new CountersignException(ErrorCode.ERR_UNAUTHENTICATED));
		boolean denied = rule.get() instanceof AccessRule.Needs needs && !caller.holds(needs.permission());
		// the decision only: a denial's ledger write is not part of what every request
		// pays
		this.timer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		if (denied) {
			deny(caller, ((AccessRule.Needs) rule.get()).permission(), request);
		}
		return true;
	}

	private void deny(Caller caller, String permission, HttpServletRequest request) {
		String endpoint = request.getMethod() + " " + pattern(request);
		this.audit.recordDenial(caller, permission, endpoint);
		throw new CountersignException(ErrorCode.ERR_PERMISSION_DENIED, "This action requires the permission '"
				+ permission + "', which no current role of '" + caller.username() + "' grants.");
	}

	private static String pattern(HttpServletRequest request) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		return (pattern != null) ? pattern.toString() : request.getRequestURI();
	}

	public static Optional<Caller> currentCaller() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof Caller caller) ? Optional.of(caller)
				: Optional.empty();
	}

}
