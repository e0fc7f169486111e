package io.countersign.server.access.internal;

import java.time.Clock;

import io.countersign.server.access.SignInSettings;
import io.countersign.server.access.internal.tokens.TokenProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

// scheduling: the session sweeper (the ledger's checkpointer runs its own executor)
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AccessProperties.class, TokenProperties.class })
@EnableScheduling
class AccessConfiguration {

	/** Time of sign-in, lockout, expiry and sessions; tests replace it. */
	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** The settings as applied, for the compliance checks (read, never changed). */
	@Bean
	SignInSettings signInSettings(AccessProperties properties) {
		return new SignInSettings(properties.lockout().maxFailures(), properties.lockout().window(),
				properties.lockout().maxWait(), properties.session().idleTimeout(),
				properties.session().absoluteTimeout(), properties.password().minLength());
	}

}
