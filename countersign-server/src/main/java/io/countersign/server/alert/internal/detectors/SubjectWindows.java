package io.countersign.server.alert.internal.detectors;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sliding time windows of weighted hits, one per subject (an account, a source address,
 * an actor). Time is the events' own: the window ends at the latest event time seen, so
 * replaying the same events rebuilds the same windows whatever the wall clock says.
 *
 * <p>
 * Memory is bounded twice. A subject keeps only the newest hits whose weights reach the
 * threshold (fewer do not change whether it is reached) and at most
 * {@link #MAX_HITS_PER_SUBJECT}. At most {@code maxSubjects} subjects are kept: subjects
 * whose hits all left the window are dropped as they come up, and past the cap the least
 * recently active subject is forgotten, so a flood of new subjects (an attacker rotating
 * addresses) can make the rule forget an older, quieter subject, never grow the heap.
 */
final class SubjectWindows {

	static final int MAX_HITS_PER_SUBJECT = 1_000;

	/** Evidence shown per finding, the newest hits. */
	static final int MAX_EVIDENCE = 50;

	private final int maxSubjects;

	// access order: the eldest is the least recently active subject
	private final LinkedHashMap<String, Window> subjects = new LinkedHashMap<>(16, 0.75f, true);

	private Instant clock = Instant.MIN;

	SubjectWindows(int maxSubjects) {
		this.maxSubjects = maxSubjects;
	}

	/**
	 * Adds a hit of {@code subject}; the hits in the window if their weights now reach
	 * {@code threshold}.
	 */
	Optional<Reached> add(String subject, Hit hit, long threshold, Duration window) {
		advance(hit.time());
		Instant horizon = this.clock.minus(window);
		if (!hit.time().isAfter(horizon)) {
			// appended late with an old time: outside the window already
			return Optional.empty();
		}
		Window hits = this.subjects.computeIfAbsent(subject, (key) -> new Window());
		hits.expire(horizon);
		hits.add(hit, threshold);
		forgetOver(horizon);
		return (hits.weight >= threshold) ? Optional.of(hits.reached(horizon)) : Optional.empty();
	}

	/** The hits of {@code subject} still in the window. */
	Reached hits(String subject, Instant at, Duration window) {
		advance(at);
		Window hits = this.subjects.get(subject);
		if (hits == null) {
			return new Reached(List.of(), false);
		}
		Instant horizon = this.clock.minus(window);
		hits.expire(horizon);
		return hits.reached(horizon);
	}

	void clear(String subject) {
		this.subjects.remove(subject);
	}

	void reset() {
		this.subjects.clear();
		this.clock = Instant.MIN;
	}

	int size() {
		return this.subjects.size();
	}

	private void advance(Instant time) {
		if (time.isAfter(this.clock)) {
			this.clock = time;
		}
	}

	private void forgetOver(Instant horizon) {
		Iterator<Map.Entry<String, Window>> eldest = this.subjects.entrySet().iterator();
		while (eldest.hasNext()) {
			Window window = eldest.next().getValue();
			boolean quiet = !window.latest.isAfter(horizon);
			if (!quiet && this.subjects.size() <= this.maxSubjects) {
				return;
			}
			eldest.remove();
		}
	}

	/** The evidence of a finding: the newest hits' indexes, ascending. */
	static List<Long> evidence(List<Hit> hits) {
		return hits.stream()
			.sorted(Comparator.comparingLong(Hit::index).reversed())
			.limit(MAX_EVIDENCE)
			.map(Hit::index)
			.sorted()
			.toList();
	}

	static long weight(List<Hit> hits) {
		return hits.stream().mapToLong(Hit::weight).sum();
	}

	/**
	 * The hits a subject has in its window, oldest first; {@code more}: older hits in the
	 * window were let go (they were not needed to reach the threshold), so the count is a
	 * lower bound.
	 */
	record Reached(List<Hit> hits, boolean more) {

		long weight() {
			return SubjectWindows.weight(this.hits);
		}

		/** {@code 5} or {@code at least 5}. */
		String count(long count) {
			return (this.more ? "at least " : "") + count;
		}

	}

	private static final class Window {

		private final ArrayDeque<Hit> hits = new ArrayDeque<>();

		private long weight;

		private Instant latest = Instant.MIN;

		// the latest time of a hit let go while the newer ones reached the threshold
		private Instant letGo = Instant.MIN;

		void add(Hit hit, long threshold) {
			this.hits.addLast(hit);
			this.weight += hit.weight();
			if (hit.time().isAfter(this.latest)) {
				this.latest = hit.time();
			}
			// older hits are not needed while the newer ones reach the threshold alone
			while (this.hits.size() > 1 && (this.weight - this.hits.peekFirst().weight() >= threshold
					|| this.hits.size() > MAX_HITS_PER_SUBJECT)) {
				Hit old = this.hits.removeFirst();
				this.weight -= old.weight();
				if (old.time().isAfter(this.letGo)) {
					this.letGo = old.time();
				}
			}
		}

		Reached reached(Instant horizon) {
			return new Reached(List.copyOf(this.hits), this.letGo.isAfter(horizon));
		}

		void expire(Instant horizon) {
			// times are not ordered by index (late appends), so look at every hit
			this.hits.removeIf((hit) -> {
				if (hit.time().isAfter(horizon)) {
					return false;
				}
				this.weight -= hit.weight();
				return true;
			});
		}

	}

}
