package io.countersign.server.alert.internal.detectors;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;

import org.springframework.stereotype.Component;

/**
 * D9: an actor active in a UTC hour of the day in which it was not active, nor in the
 * hour before or after (a shift that starts a little early, daylight saving time), on any
 * earlier day of the last {@code window} (30 days). Quiet until the actor's baseline
 * spans {@code threshold} days (14): its first active day in the window lies that far
 * back. Only the first event of an actor in an hour is judged; the rest of that hour are
 * known by then.
 *
 * <p>
 * Activity is any event of an account or service actor except the unauthenticated ones
 * ({@code authn_login_fail} and {@code authn_failures_aggregated} name whoever someone
 * typed). The baseline outlives restarts: table {@code alert_actor_hours} (one row per
 * actor and day, one bit per hour), written in the engine's transaction; the memory holds
 * a cache of at most {@code max-subjects} actors, emptied on {@link #reset()}. No replay:
 * {@link #window()} is zero and a replayed event does nothing.
 */
@Component
class UnusualHours extends RuleDetector {

	private static final Set<String> UNAUTHENTICATED = Set.of(EventFacts.LOGIN_FAIL, EventFacts.FAILURES_AGGREGATED);

	private final ActorHours hours;

	private final Cache<String, TreeMap<LocalDate, Integer>> baselines;

	UnusualHours(CurrentSettings settings, ActorHours hours) {
		super(Rule.D9, settings);
		this.hours = hours;
		this.baselines = Caffeine.newBuilder().maximumSize(settings.maxSubjects()).build();
	}

	@Override
	public Duration window() {
		return Duration.ZERO;
	}

	@Override
	List<Finding> evaluate(ObservedEvent event, boolean replay, RuleSettings settings) {
		if (replay || !EventFacts.isAccountActor(event) || UNAUTHENTICATED.contains(event.type())) {
			return List.of();
		}
		String actor = event.actorId();
		ZonedDateTime at = event.time().atZone(ZoneOffset.UTC);
		LocalDate day = at.toLocalDate();
		int hour = at.getHour();
		LocalDate from = day.minusDays(settings.span().toDays());
		TreeMap<LocalDate, Integer> baseline = this.baselines.get(actor, (key) -> this.hours.since(key, from));
		int today = baseline.getOrDefault(day, 0);
		if ((today & (1 << hour)) != 0) {
			return List.of();
		}
		boolean newDay = !baseline.containsKey(day);
		baseline.headMap(from).clear();
		boolean established = !baseline.isEmpty()
				&& ChronoUnit.DAYS.between(baseline.firstKey(), day) >= settings.limit();
		boolean usual = baseline.headMap(day).values().stream().anyMatch((mask) -> near(mask, hour));
		baseline.put(day, today | (1 << hour));
		this.hours.put(actor, day, today | (1 << hour));
		if (newDay) {
			this.hours.forgetBefore(actor, from);
		}
		if (!established || usual) {
			return List.of();
		}
		return List.of(finding(settings, "actor:" + actor,
				String.format("%s was active at %02d:00-%02d:59 UTC, outside their usual hours of the last %d days",
						actor, hour, hour, settings.span().toDays()),
				List.of(event.index())));
	}

	/** Whether the day's hours include {@code hour} or a neighbour of it. */
	private static boolean near(int mask, int hour) {
		int before = (hour + 23) % 24;
		int after = (hour + 1) % 24;
		return (mask & ((1 << before) | (1 << hour) | (1 << after))) != 0;
	}

	@Override
	void forget() {
		this.baselines.invalidateAll();
	}

}
