package io.countersign.server.access.internal.signin;

import java.time.Duration;
import java.util.Optional;

import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.sessions.ConsoleSessions;
import io.countersign.server.shared.ErrorCode;

/** The outcome of a password sign-in. */
public sealed interface SignInResult {

	/** Signed in: a console session was opened. */
	record SignedIn(Account account, ConsoleSessions.Opened session) implements SignInResult {
	}

	/**
	 * Refused with {@code code}; a locked name also says how long until it may try again.
	 */
	record Refused(ErrorCode code, Optional<Duration> retryAfter) implements SignInResult {

		Refused(ErrorCode code) {
			this(code, Optional.empty());
		}

	}

}
