package io.countersign.server.access.internal;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * How long access control takes per request, as Prometheus metrics with p50/p99 over
 * roughly the last 20 seconds: {@code countersign_access_authentication_seconds} (token
 * or session cookie to the caller and its current permissions) and
 * {@code countersign_access_authorization_seconds} (the endpoint's rule against those
 * permissions). {@code bench authz} reads them under load.
 */
@Component
public class AccessTimers {

	private final Timer authentication;

	private final Timer authorization;

	AccessTimers(MeterRegistry registry) {
		this.authentication = timer("countersign.access.authentication",
				"Resolving a request's token or session to the caller and its permissions", registry);
		this.authorization = timer("countersign.access.authorization",
				"Checking the caller's permissions against the endpoint's access rule", registry);
	}

	private static Timer timer(String name, String description, MeterRegistry registry) {
		return Timer.builder(name)
			.description(description)
			.publishPercentiles(0.5, 0.99)
			.distributionStatisticExpiry(Duration.ofSeconds(20))
			.distributionStatisticBufferLength(2)
			.register(registry);
	}

	public Timer authentication() {
		return this.authentication;
	}

	public Timer authorization() {
		return this.authorization;
	}

}
