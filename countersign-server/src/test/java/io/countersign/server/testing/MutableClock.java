package io.countersign.server.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock that stands still until a test moves it, so that expiry, timeouts, lockouts and
 * TOTP steps are tested without waiting.
 * {@code @Import(MutableClock.Configuration.class)} makes it the application's clock.
 */
public final class MutableClock extends Clock {

	private final AtomicReference<Instant> now;

	/**
	 * Starts one second into the current 30-second step, so a test has a whole TOTP step
	 * before it moves the clock.
	 */
	public MutableClock() {
		this(Instant.ofEpochSecond(Math.floorDiv(Instant.now().getEpochSecond(), 30) * 30 + 1));
	}

	public MutableClock(Instant start) {
		this.now = new AtomicReference<>(start);
	}

	public void advance(Duration duration) {
		this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("the test clock is UTC");
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		@Primary
		MutableClock mutableClock() {
			return new MutableClock();
		}

	}

}
