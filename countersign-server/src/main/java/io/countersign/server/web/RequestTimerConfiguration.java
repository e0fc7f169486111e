package io.countersign.server.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link RequestTimer} where Spring Boot's {@code http.server.requests} observation
 * filter would be (that filter's auto-configuration is excluded in
 * {@code application.yml}): first, so the time includes authentication.
 */
@Configuration(proxyBeanMethods = false)
class RequestTimerConfiguration {

	@Bean
	FilterRegistrationBean<RequestTimer> requestTimer(MeterRegistry registry) {
		FilterRegistrationBean<RequestTimer> registration = new FilterRegistrationBean<>(new RequestTimer(registry));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

}
