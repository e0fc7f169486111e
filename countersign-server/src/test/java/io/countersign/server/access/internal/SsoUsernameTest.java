package io.countersign.server.access.internal;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The user name a first single sign-on gives a new account. */
class SsoUsernameTest {

	@Test
	void preferredUsernameComesFirstAndIsLowerCased() {
		assertThat(SsoSignIn.username(Optional.of("Alice.Smith"), Optional.of("alice@example.com")))
			.hasValue("alice.smith");
	}

	@Test
	void emailIsTheFallback() {
		assertThat(SsoSignIn.username(Optional.empty(), Optional.of("Alice@Example.com")))
			.hasValue("alice@example.com");
		assertThat(SsoSignIn.username(Optional.of("Alice Smith"), Optional.of("alice@example.com")))
			.hasValue("alice@example.com");
	}

	@Test
	void namesOutsideTheAllowedAlphabetOrLengthGiveNone() {
		assertThat(SsoSignIn.username(Optional.of("-alice"), Optional.empty())).isEmpty();
		assertThat(SsoSignIn.username(Optional.of("ålice"), Optional.of("a/b@example.com"))).isEmpty();
		assertThat(SsoSignIn.username(Optional.of("a".repeat(65)), Optional.empty())).isEmpty();
		assertThat(SsoSignIn.username(Optional.of("a".repeat(64)), Optional.empty())).hasValue("a".repeat(64));
		assertThat(SsoSignIn.username(Optional.empty(), Optional.empty())).isEmpty();
	}

}
