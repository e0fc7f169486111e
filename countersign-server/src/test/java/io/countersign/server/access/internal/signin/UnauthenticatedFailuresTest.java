package io.countersign.server.access.internal.signin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.access.internal.AccessProperties;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures past the limit are counted, not recorded, and their summary is written once
 * the minute is over, by the next failure of the source, by the scheduled flush or at
 * shutdown.
 */
class UnauthenticatedFailuresTest {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T17:44:10Z"));

	private final List<EventDraft> recorded = new ArrayList<>();

	private final UnauthenticatedFailures failures = new UnauthenticatedFailures(properties(3), (draft) -> {
		this.recorded.add(draft);
		return "id";
	}, this.clock);

	@Test
	void theFailuresPastTheLimitAreOnlyCounted() {
		List<Boolean> individually = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			individually.add(this.failures.count("token", Optional.empty()));
		}

		assertThat(individually).containsExactly(true, true, true, false, false);
		assertThat(this.failures.retryAfter()).isEqualTo(Duration.ofSeconds(50));
		this.failures.flush();
		assertThat(this.recorded).isEmpty();
	}

	@Test
	void theSummaryIsWrittenWhenTheMinuteIsOver() {
		fail(5);

		this.clock.advance(Duration.ofMinutes(1));
		this.failures.flush();
		this.failures.flush();

		assertThat(this.recorded).singleElement().satisfies((draft) -> {
			assertThat(draft.type()).isEqualTo("authn_failures_aggregated");
			assertThat(draft.details()).containsEntry("failures", 5)
				.containsEntry("recordedIndividually", 3)
				.containsEntry("minute", "2026-12-06T17:44:00Z")
				.containsEntry("methods", Map.of("password", 5))
				.containsEntry("usernames", 2);
		});
	}

	@Test
	void theNextFailureOfTheSourceSumsUpItsPreviousMinute() {
		fail(4);
		this.clock.advance(Duration.ofMinutes(1));

		assertThat(this.failures.count("token", Optional.empty())).isTrue();
		assertThat(this.recorded).singleElement()
			.satisfies((draft) -> assertThat(draft.details()).containsEntry("failures", 4));
	}

	@Test
	void shutdownWritesTheSummaryOfTheCurrentMinute() {
		fail(4);

		this.failures.stop();

		assertThat(this.recorded).singleElement()
			.satisfies((draft) -> assertThat(draft.details()).containsEntry("failures", 4));
	}

	private void fail(int times) {
		for (int i = 0; i < times; i++) {
			this.failures.count("password", Optional.of((i % 2 == 0) ? "alice" : "BOB"));
		}
	}

	private static AccessProperties properties(int perSourcePerMinute) {
		return new AccessProperties(new AccessProperties.Password(12),
				new AccessProperties.Lockout(10, Duration.ofHours(12), Duration.ofMinutes(1), Duration.ofMinutes(15)),
				new AccessProperties.Session(Duration.ofMinutes(15), Duration.ofHours(12), true),
				new AccessProperties.Sso("groups", Map.of(), List.of("mfa"), Duration.ofDays(30)),
				new AccessProperties.Failures(perSourcePerMinute));
	}

}
