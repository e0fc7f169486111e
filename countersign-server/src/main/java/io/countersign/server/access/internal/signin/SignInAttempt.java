package io.countersign.server.access.internal.signin;

import java.util.Optional;

/**
 * What a person typed to sign in with a password; never logged or recorded beyond the
 * user name.
 */
public record SignInAttempt(String username, String password, Optional<String> totp) {

	/** User names are stored lower-case; a sign-in as "Alice" is a sign-in as "alice". */
	public SignInAttempt {
		username = username.strip().toLowerCase(java.util.Locale.ROOT);
	}

	@Override
	public String toString() {
		return "SignInAttempt[username=" + this.username + "]";
	}

}
