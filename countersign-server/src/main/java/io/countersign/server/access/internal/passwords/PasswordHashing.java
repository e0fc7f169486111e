package io.countersign.server.access.internal.passwords;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** How passwords are hashed (docs/decisions/007-password-hashing.md). */
@Configuration(proxyBeanMethods = false)
public class PasswordHashing {

	/** Id of the algorithm of new password hashes (docs/decisions/007). */
	static final String ARGON2 = "argon2";

	static final String BCRYPT = "bcrypt";

	/**
	 * Spring Security's delegating encoder: new hashes are Argon2id with the OWASP
	 * minimum parameters (19 MiB, 2 iterations, parallelism 1), stored hashes name their
	 * algorithm ({@code {argon2}…}, {@code {bcrypt}…}), so an older one still verifies
	 * and is replaced at the next successful sign-in.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		Map<String, PasswordEncoder> encoders = Map.of(ARGON2, new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2),
				BCRYPT, new BCryptPasswordEncoder());
		return new DelegatingPasswordEncoder(ARGON2, encoders);
	}

}
