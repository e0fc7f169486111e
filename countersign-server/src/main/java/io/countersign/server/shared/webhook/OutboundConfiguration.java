package io.countersign.server.shared.webhook;

import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboundProperties.class)
class OutboundConfiguration {

	@Bean
	OutboundGuard outboundGuard(OutboundProperties properties) {
		return new OutboundGuard(properties.rules(), HostResolver.SYSTEM,
				OwnAddresses.ofThisHost(Duration.ofMinutes(1)));
	}

}
