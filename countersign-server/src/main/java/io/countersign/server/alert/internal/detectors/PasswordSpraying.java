package io.countersign.server.alert.internal.detectors;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;

import org.springframework.stereotype.Component;

/**
 * D3, password spraying: one source address failing to sign in as at least
 * {@code threshold} distinct accounts within {@code window}. Failures recorded on their
 * own name their account; an {@code authn_failures_aggregated} event only says how many
 * distinct names it saw ({@code details.usernames}), so the count is the larger of the
 * named accounts and any one aggregated count (they may overlap; neither is added to the
 * other).
 *
 * <p>
 * Memory: per source the {@code threshold} most recent accounts and at most
 * {@link #MAX_AGGREGATED} aggregated events; at most {@code max-subjects} sources, the
 * least recently active forgotten first.
 */
@Component
class PasswordSpraying extends RuleDetector {

	static final int MAX_AGGREGATED = 120;

	private final int maxSources;

	// access order: the eldest is the least recently active source
	private final LinkedHashMap<String, Source> sources = new LinkedHashMap<>(16, 0.75f, true);

	private Instant clock = Instant.MIN;

	PasswordSpraying(CurrentSettings settings) {
		super(Rule.D3, settings);
		this.maxSources = settings.maxSubjects();
	}

	@Override
	List<Finding> evaluate(ObservedEvent event, boolean replay, RuleSettings settings) {
		Optional<String> source = event.sourceIp();
		if (source.isEmpty()) {
			return List.of();
		}
		Optional<String> account = EventFacts.failedAccount(event);
		long aggregated = EventFacts.FAILURES_AGGREGATED.equals(event.type()) ? EventFacts.number(event, "usernames")
				: 0;
		if (account.isEmpty() && aggregated <= 0) {
			return List.of();
		}
		if (event.time().isAfter(this.clock)) {
			this.clock = event.time();
		}
		Instant horizon = this.clock.minus(settings.span());
		if (!event.time().isAfter(horizon)) {
			return List.of();
		}
		Source failures = this.sources.computeIfAbsent(source.get(), (key) -> new Source());
		failures.expire(horizon);
		Hit hit = new Hit(event.index(), event.time(), Math.max(1, aggregated));
		if (account.isPresent()) {
			failures.accounts.remove(account.get());
			failures.accounts.put(account.get(), hit);
			while (failures.accounts.size() > settings.limit()) {
				failures.accounts.remove(failures.accounts.keySet().iterator().next());
			}
		}
		else {
			failures.aggregated.addLast(hit);
			if (failures.aggregated.size() > MAX_AGGREGATED) {
				failures.aggregated.removeFirst();
			}
		}
		if (event.time().isAfter(failures.latest)) {
			failures.latest = event.time();
		}
		forgetOver(horizon);
		long distinct = failures.distinct();
		if (distinct < settings.limit()) {
			return List.of();
		}
		List<Hit> evidence = new ArrayList<>(failures.accounts.values());
		evidence.addAll(failures.aggregated);
		return List.of(finding(settings, "source:" + source.get(), source.get() + " failed to sign in as " + distinct
				+ " different accounts in " + minutes(settings.span()), SubjectWindows.evidence(evidence)));
	}

	@Override
	void forget() {
		this.sources.clear();
		this.clock = Instant.MIN;
	}

	private void forgetOver(Instant horizon) {
		Iterator<Map.Entry<String, Source>> eldest = this.sources.entrySet().iterator();
		while (eldest.hasNext()) {
			Source source = eldest.next().getValue();
			if (source.latest.isAfter(horizon) && this.sources.size() <= this.maxSources) {
				return;
			}
			eldest.remove();
		}
	}

	/** The failures of one source address in the window. */
	private static final class Source {

		// insertion order: re-put on each failure, so the eldest is the least recent
		private final LinkedHashMap<String, Hit> accounts = new LinkedHashMap<>();

		private final ArrayDeque<Hit> aggregated = new ArrayDeque<>();

		private Instant latest = Instant.MIN;

		void expire(Instant horizon) {
			this.accounts.values().removeIf((hit) -> !hit.time().isAfter(horizon));
			this.aggregated.removeIf((hit) -> !hit.time().isAfter(horizon));
		}

		long distinct() {
			long aggregatedMost = this.aggregated.stream().mapToLong(Hit::weight).max().orElse(0);
			return Math.max(this.accounts.size(), aggregatedMost);
		}

	}

}
