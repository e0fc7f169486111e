package io.countersign.server.shared.webhook;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to try a failed delivery again: exponential backoff from {@code first}, doubling
 * up to {@code ceiling}, with up to a quarter of jitter so that receivers coming back
 * after an outage are not hit by every sender at the same instant; after {@code attempts}
 * tries the delivery is given up (and stays visible as failed).
 *
 * @param first the wait after the first failure
 * @param ceiling the longest wait
 * @param attempts how many tries in all before giving up
 */
public record RetrySchedule(Duration first, Duration ceiling, int attempts) {

	public RetrySchedule {
		if (first.isNegative() || first.isZero() || ceiling.compareTo(first) < 0 || attempts < 1) {
			throw new IllegalArgumentException("a retry schedule needs 0 < first <= ceiling and attempts >= 1");
		}
	}

	/**
	 * Whether a delivery that has failed {@code failedAttempts} times gets another try.
	 */
	public boolean tryAgainAfter(int failedAttempts) {
		return failedAttempts < this.attempts;
	}

	/**
	 * The wait before the next try after {@code failedAttempts} failures (1 = the first
	 * failure).
	 */
	public Duration delayAfter(int failedAttempts, RandomGenerator random) {
		long base = this.first.toMillis();
		long capped = this.ceiling.toMillis();
		int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
		long delay = Math.min(capped, base << doublings);
		long jitter = (delay / 4 > 0) ? random.nextLong(delay / 4 + 1) : 0;
		return Duration.ofMillis(Math.min(capped, delay + jitter));
	}

}
