package io.countersign.server.access.internal.sso;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The user name a first single sign-on gives a new account. */
class SsoUsernameTest {

	@Test
	void preferredUsernameComesFirstAndIsLowerCased() {
		assertThat(SsoSignIn.username(Optional.of("Alice.Smith"), Optional.of("alice@example.com"), true))
			.hasValue("alice.smith");
	}

	@Test
	void emailIsTheFallback() {
		assertThat(SsoSignIn.username(Optional.empty(), Optional.of("Alice@Example.com"), true))
			.hasValue("alice@example.com");
		assertThat(SsoSignIn.username(Optional.of("Alice Smith"), Optional.of("alice@example.com"), true))
			.hasValue("alice@example.com");
	}

	@Test
	void anUnverifiedEmailIsNeverAUserName() {
		// anyone may type the admin's address at a provider that does not verify it
		assertThat(SsoSignIn.username(Optional.empty(), Optional.of("admin@example.com"), false)).isEmpty();
		assertThat(SsoSignIn.username(Optional.of("Alice Smith"), Optional.of("alice@example.com"), false)).isEmpty();
		assertThat(SsoSignIn.username(Optional.of("alice"), Optional.of("admin@example.com"), false)).hasValue("alice");
	}

	@Test
	void namesOutsideTheAllowedAlphabetOrLengthGiveNone() {
		assertThat(SsoSignIn.username(Optional.of("-alice"), Optional.empty(), true)).isEmpty();
		assertThat(SsoSignIn.username(Optional.of("ålice"), Optional.of("a/b@example.com"), true)).isEmpty();
		assertThat(SsoSignIn.username(Optional.of("a".repeat(65)), Optional.empty(), true)).isEmpty();
		assertThat(SsoSignIn.username(Optional.of("a".repeat(64)), Optional.empty(), true)).hasValue("a".repeat(64));
		assertThat(SsoSignIn.username(Optional.empty(), Optional.empty(), true)).isEmpty();
	}

}
