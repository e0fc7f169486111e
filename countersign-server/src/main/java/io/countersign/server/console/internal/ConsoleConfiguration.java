package io.countersign.server.console.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The console's web setup: its security headers. */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

	@Bean
	FilterRegistrationBean<ConsoleSecurityHeaders> consoleSecurityHeaders() {
		FilterRegistrationBean<ConsoleSecurityHeaders> registration = new FilterRegistrationBean<>(
				new ConsoleSecurityHeaders());
		registration.addUrlPatterns("/ui", "/ui/*", "/");
		return registration;
	}

	/** Until the approvals pages count what waits for a person, nothing does. */
	@Bean
	@ConditionalOnMissingBean
	WaitingApprovals noWaitingApprovals() {
		return (caller) -> 0;
	}

}
