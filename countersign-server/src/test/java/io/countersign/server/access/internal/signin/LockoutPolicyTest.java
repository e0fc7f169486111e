package io.countersign.server.access.internal.signin;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lockout rule on its own: 3 failures in 12 hours, 1 minute more per failure, 3 at
 * most.
 */
class LockoutPolicyTest {

	private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

	private final LockoutPolicy policy = new LockoutPolicy(3, Duration.ofHours(12), Duration.ofMinutes(1),
			Duration.ofMinutes(3));

	@Test
	void failuresBelowTheThresholdDoNotLock() {
		LoginThrottle two = fail(fail(Optional.empty(), T0), T0);

		assertThat(two.failures()).isEqualTo(2);
		assertThat(two.lockedAt(T0)).isFalse();
	}

	@Test
	void theThresholdFailureLocksForOneStep() {
		LoginThrottle three = fail(fail(fail(Optional.empty(), T0), T0), T0);

		assertThat(three.lockedUntil()).hasValue(T0.plus(Duration.ofMinutes(1)));
		assertThat(three.lockedAt(T0.plusSeconds(59))).isTrue();
		assertThat(three.lockedAt(T0.plusSeconds(60))).isFalse();
	}

	@Test
	void attemptsWhileLockedNeitherCountNorLengthenTheLock() {
		LoginThrottle locked = fail(fail(fail(Optional.empty(), T0), T0), T0);

		assertThat(fail(locked, T0.plusSeconds(30))).isEqualTo(locked);
	}

	@Test
	void eachFailureAfterALockWaitsOneStepLongerUpToTheMaximum() {
		LoginThrottle throttle = fail(fail(fail(Optional.empty(), T0), T0), T0);
		Instant now = T0;
		Duration[] expected = { Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(3) };
		for (Duration wait : expected) {
			now = throttle.lockedUntil().orElseThrow();
			throttle = fail(throttle, now);
			assertThat(throttle.lockedUntil()).hasValue(now.plus(wait));
		}
		assertThat(throttle.failures()).isEqualTo(6);
	}

	@Test
	void failuresOutsideTheWindowStartANewCount() {
		LoginThrottle two = fail(fail(Optional.empty(), T0), T0);

		LoginThrottle later = fail(two, T0.plus(Duration.ofHours(12)));

		assertThat(later.failures()).isEqualTo(1);
		assertThat(later.windowStartedAt()).isEqualTo(T0.plus(Duration.ofHours(12)));
		assertThat(later.lockedUntil()).isEmpty();
	}

	private LoginThrottle fail(Optional<LoginThrottle> current, Instant now) {
		return this.policy.afterFailure("alice", current, now);
	}

	private LoginThrottle fail(LoginThrottle current, Instant now) {
		return fail(Optional.of(current), now);
	}

}
