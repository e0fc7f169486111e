package io.countersign.server.access.internal;

import java.time.Clock;
import java.util.Map;

import io.countersign.server.access.internal.tokens.TokenProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

// scheduling: the session sweeper (the ledger's checkpointer runs its own executor)
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AccessProperties.class, TokenProperties.class })
@EnableScheduling
public class AccessConfiguration {

	/** Id of the algorithm of new password hashes (docs/decisions/007). */
	static final String ARGON2 = "argon2";

	static final String BCRYPT = "bcrypt";

	/** Time of sign-in, lockout, expiry and sessions; tests replace it. */
	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Spring Security's delegating encoder: new hashes are Argon2id with the OWASP
	 * minimum parameters (19 MiB, 2 iterations, parallelism 1), stored hashes name their
	 * algorithm ({@code {argon2}…}, {@code {bcrypt}…}), so an older one still verifies
	 * and is replaced at the next successful sign-in.
	 */
	@Bean
	public PasswordEncoder passwordEncoder() {
		Map<String, PasswordEncoder> encoders = Map.of(ARGON2, new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2),
				BCRYPT, new BCryptPasswordEncoder());
		return new DelegatingPasswordEncoder(ARGON2, encoders);
	}

}
