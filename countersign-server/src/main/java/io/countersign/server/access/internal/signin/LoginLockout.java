package io.countersign.server.access.internal.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import io.countersign.server.access.internal.AccessProperties;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brute-force protection of password sign-in, per lower-cased user name, applying the
 * {@link LockoutPolicy} to the {@code login_throttle} rows. The rows are shared by all
 * server instances, and every failure is counted in one transaction holding the row's
 * lock, so parallel guesses on several instances are all counted.
 */
@Component
class LoginLockout {

	private static final int INSERT_RACE_RETRIES = 3;

	private final LoginThrottles throttles;

	private final LockoutPolicy policy;

	private final TransactionTemplate transaction;

	private final Clock clock;

	LoginLockout(LoginThrottles throttles, AccessProperties properties, TransactionTemplate transaction, Clock clock) {
		this.throttles = throttles;
		this.policy = LockoutPolicy.of(properties.lockout());
		this.transaction = transaction;
		this.clock = clock;
	}

	/** The name the throttle counts for a typed user name. */
	static String key(String username) {
		return username.toLowerCase(Locale.ROOT);
	}

	/** How much longer the name stays locked, if it is locked now. */
	Optional<Duration> lockedFor(String username) {
		Instant now = this.clock.instant();
		return this.throttles.find(key(username))
			.filter((throttle) -> throttle.lockedAt(now))
			.map((throttle) -> throttle.remainingAt(now));
	}

	/**
	 * Counts one failed sign-in for the name, and has {@code evidence} record it in the
	 * same transaction.
	 */
	Failure recordFailure(String username, Consumer<Failure> evidence) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.transaction.execute((status) -> {
					Failure failure = countFailure(key(username));
					evidence.accept(failure);
					return failure;
				});
			}
			catch (DuplicateKeyException ex) {
				// another request inserted the name's first failure meanwhile: count on
				// its row
				if (attempt >= INSERT_RACE_RETRIES) {
					throw ex;
				}
			}
		}
	}

	/** Forgets the failures of the name after a successful sign-in. */
	void reset(String username) {
		this.throttles.delete(key(username));
	}

	private Failure countFailure(String key) {
		Instant now = this.clock.instant();
		Optional<LoginThrottle> current = this.throttles.findForUpdate(key);
		LoginThrottle next = this.policy.afterFailure(key, current, now);
		if (current.isEmpty()) {
			this.throttles.insert(next);
		}
		else if (!next.equals(current.get())) {
			this.throttles.update(next);
		}
		boolean newlyLocked = next.lockedAt(now) && current.filter((throttle) -> throttle.lockedAt(now)).isEmpty();
		return new Failure(next, newlyLocked);
	}

	/**
	 * A counted failure: the throttle after it, and whether it is the one that locked the
	 * name.
	 */
	record Failure(LoginThrottle throttle, boolean newlyLocked) {
	}

}
