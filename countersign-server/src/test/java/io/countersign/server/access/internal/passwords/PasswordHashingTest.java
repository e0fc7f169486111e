package io.countersign.server.access.internal.passwords;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/** New password hashes are Argon2id (decision 007); bcrypt hashes still verify. */
class PasswordHashingTest {

	private final PasswordEncoder passwords = new PasswordHashing().passwordEncoder();

	@Test
	void newHashesAreArgon2idWithTheOwaspMinimumParameters() {
		String hash = this.passwords.encode("correct horse battery staple");

		assertThat(hash).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
		assertThat(this.passwords.matches("correct horse battery staple", hash)).isTrue();
		assertThat(this.passwords.matches("correct horse battery stapler", hash)).isFalse();
		assertThat(this.passwords.upgradeEncoding(hash)).isFalse();
	}

	@Test
	void bcryptHashesStillVerifyAndAskForAnUpgrade() {
		String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode("correct horse battery staple");

		assertThat(this.passwords.matches("correct horse battery staple", hash)).isTrue();
		assertThat(this.passwords.upgradeEncoding(hash)).isTrue();
	}

}
