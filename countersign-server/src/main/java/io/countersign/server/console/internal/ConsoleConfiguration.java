package io.countersign.server.console.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/** The console's web setup: its security headers, and links rendered as written. */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

	@Bean
	FilterRegistrationBean<ConsoleSecurityHeaders> consoleSecurityHeaders() {
		FilterRegistrationBean<ConsoleSecurityHeaders> registration = new FilterRegistrationBean<>(
				new ConsoleSecurityHeaders());
		registration.addUrlPatterns("/ui", "/ui/*", "/");
		return registration;
	}

	/**
	 * No rewriting of the links pages render. With WebJars on the class path Spring Boot
	 * turns the resource chain on, and with it Thymeleaf's ResourceUrlEncodingFilter,
	 * which sends every {@code @{…}} link through the chain: each link that is not a
	 * static file (the audit viewer's 100 entry links) missed the chain's cache and
	 * probed four class path locations in the nested jar, about three quarters of the CPU
	 * of an audit page on 1,000,000 events (docs/benchmarks.md, 2026-12-06). The pages
	 * name WebJars without a version ({@code /webjars/htmx.org/dist/htmx.min.js}), which
	 * the chain still resolves when the file is served, so no link needs rewriting.
	 */
	@Bean
	FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
		FilterRegistrationBean<ResourceUrlEncodingFilter> registration = new FilterRegistrationBean<>(
				new ResourceUrlEncodingFilter());
		registration.setEnabled(false);
		return registration;
	}

	/** Until the approvals pages count what waits for a person, nothing does. */
	@Bean
	@ConditionalOnMissingBean
	WaitingApprovals noWaitingApprovals() {
		return (caller) -> 0;
	}

}
