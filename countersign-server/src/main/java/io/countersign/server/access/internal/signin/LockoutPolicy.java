package io.countersign.server.access.internal.signin;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.countersign.server.access.internal.AccessProperties;

/**
 * When repeated failed sign-ins lock a user name: after {@code maxFailures} failures
 * within {@code window} the name is locked for {@code step}; each further failure (once a
 * lock has passed, still within the window) locks it again for one {@code step} longer,
 * but never longer than {@code maxWait}. Attempts while locked are refused unchecked, so
 * they neither count nor lengthen the lock. A success forgets the failures.
 */
record LockoutPolicy(int maxFailures, Duration window, Duration step, Duration maxWait) {

	LockoutPolicy {
		if (maxFailures < 1 || window.isNegative() || window.isZero() || step.isNegative() || step.isZero()
				|| maxWait.compareTo(step) < 0) {
			throw new IllegalArgumentException("countersign.access.lockout needs max-failures >= 1, a positive "
					+ "window and step, and max-wait >= step");
		}
	}

	static LockoutPolicy of(AccessProperties.Lockout settings) {
		return new LockoutPolicy(settings.maxFailures(), settings.window(), settings.step(), settings.maxWait());
	}

	/** The throttle after one more failure at {@code now}. */
	LoginThrottle afterFailure(String username, Optional<LoginThrottle> current, Instant now) {
		if (current.isPresent() && current.get().lockedAt(now)) {
			return current.get();
		}
		boolean fresh = current.isEmpty() || !now.isBefore(current.get().windowStartedAt().plus(this.window));
		int failures = fresh ? 1 : current.get().failures() + 1;
		Instant windowStartedAt = fresh ? now : current.get().windowStartedAt();
		return new LoginThrottle(username, failures, windowStartedAt, lockFor(failures).map(now::plus));
	}

	private Optional<Duration> lockFor(int failures) {
		if (failures < this.maxFailures) {
			return Optional.empty();
		}
		long steps = failures - this.maxFailures + 1L;
		// compared by count of steps, so a long run of failures cannot overflow
		return Optional.of((steps > this.maxWait.dividedBy(this.step)) ? this.maxWait : this.step.multipliedBy(steps));
	}

}
