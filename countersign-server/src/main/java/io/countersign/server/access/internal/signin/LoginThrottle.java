package io.countersign.server.access.internal.signin;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Failed password sign-ins for one user name (lower-cased, whether or not an account has
 * it) since {@code windowStartedAt}, and until when the name is locked.
 */
record LoginThrottle(String username, int failures, Instant windowStartedAt, Optional<Instant> lockedUntil) {

	boolean lockedAt(Instant now) {
		return this.lockedUntil.filter(now::isBefore).isPresent();
	}

	/** How long the lock still lasts at {@code now}; zero if not locked. */
	Duration remainingAt(Instant now) {
		return this.lockedUntil.filter(now::isBefore)
			.map((until) -> Duration.between(now, until))
			.orElse(Duration.ZERO);
	}

}
