package io.countersign.server.shared.webhook;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryScheduleTest {

	private final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(2), Duration.ofMinutes(5), 8);

	@Test
	void waitsDoubleFromTheFirstWithAtMostAQuarterOfJitterAndNeverPassTheCeiling() {
		Random random = new Random(42);
		for (int failures = 1; failures <= 12; failures++) {
			long base = Math.min(300_000, 2_000L << (failures - 1));
			for (int sample = 0; sample < 200; sample++) {
				long delay = this.schedule.delayAfter(failures, random).toMillis();
				assertThat(delay).isBetween(base, Math.min(300_000, base + base / 4));
			}
		}
	}

	@Test
	void givesUpAfterItsAttempts() {
		assertThat(this.schedule.tryAgainAfter(7)).isTrue();
		assertThat(this.schedule.tryAgainAfter(8)).isFalse();
	}

	@Test
	void refusesASenselessSchedule() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetrySchedule(Duration.ZERO, Duration.ofSeconds(1), 3));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetrySchedule(Duration.ofSeconds(2), Duration.ofSeconds(1), 3));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(2), 0));
	}

}
