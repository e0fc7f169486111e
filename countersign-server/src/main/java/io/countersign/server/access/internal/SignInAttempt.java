package io.countersign.server.access.internal;

import java.util.Optional;

/**
 * What a person typed to sign in with a password; never logged or recorded beyond the
 * user name.
 */
record SignInAttempt(String username, String password, Optional<String> totp) {

	/** User names are stored lower-case; a sign-in as "Alice" is a sign-in as "alice". */
	SignInAttempt {
		username = username.strip().toLowerCase(java.util.Locale.ROOT);
	}

	@Override
	public String toString() {
		return "SignInAttempt[username=" + this.username + "]";
	}

}
