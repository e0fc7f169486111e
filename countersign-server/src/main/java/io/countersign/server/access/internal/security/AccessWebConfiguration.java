package io.countersign.server.access.internal.security;

import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.AccessTimers;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the access rule of every API handler in front of it, and of every console page a
 * feature keeps with its own use cases ({@code @ConsolePage}): such a page is closed
 * without a rule, as an API handler is.
 */
@Configuration(proxyBeanMethods = false)
class AccessWebConfiguration implements WebMvcConfigurer {

	static final String API = "/api/**";

	static final String CONSOLE = "/ui/**";

	private final AccessAudit audit;

	private final AccessTimers timers;

	AccessWebConfiguration(AccessAudit audit, AccessTimers timers) {
		this.audit = audit;
		this.timers = timers;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new AccessRuleInterceptor(this.audit, this.timers.authorization()))
			.addPathPatterns(API);
		registry
			.addInterceptor(new ConsolePageRules(new AccessRuleInterceptor(this.audit, this.timers.authorization())))
			.addPathPatterns(CONSOLE);
	}

}
