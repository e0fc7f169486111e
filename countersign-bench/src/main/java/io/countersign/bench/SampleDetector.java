package io.countersign.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.countersign.server.alert.Severity;
import io.countersign.server.alert.internal.detection.Detector;
import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A detector of the bench, shaped like the D1: {@value #THRESHOLD} failed or
 * denied events by one actor within 15 minutes is a hit, after which the actor's window
 * starts over. It gives {@code bench alerts} a windowed rule that fires now and then, on
 * a branch where the real detectors are not there yet; {@code --no-sample-detector}
 * leaves it out.
 */
final class SampleDetector implements Detector {

	static final int THRESHOLD = 20;

	private static final Duration WINDOW = Duration.ofMinutes(15);

	private final Map<String, Deque<Long>> failures = new HashMap<>();

	private final Map<String, Deque<Instant>> times = new HashMap<>();

	@Override
	public String rule() {
		return "B1";
	}

	@Override
	public String title() {
		return "Failed or denied events by one actor (bench)";
	}

	@Override
	public Duration window() {
		return WINDOW;
	}

	@Override
	public List<Finding> observe(ObservedEvent event, boolean replay) {
		if (event.outcome().equals("success")) {
			return List.of();
		}
		Deque<Long> indexes = this.failures.computeIfAbsent(event.actorId(), (actor) -> new ArrayDeque<>());
		Deque<Instant> at = this.times.computeIfAbsent(event.actorId(), (actor) -> new ArrayDeque<>());
		Instant since = event.time().minus(WINDOW);
		while (!at.isEmpty() && at.peekFirst().isBefore(since)) {
			at.removeFirst();
			indexes.removeFirst();
		}
		indexes.addLast(event.index());
		at.addLast(event.time());
		if (indexes.size() < THRESHOLD) {
			return List.of();
		}
		List<Long> evidence = new ArrayList<>(indexes);
		indexes.clear();
		at.clear();
		if (replay) {
			return List.of();
		}
		return List.of(new Finding(rule(), Severity.MEDIUM, "actor:" + event.actorId(),
				THRESHOLD + " failed or denied events by " + event.actorId() + " within 15 minutes", evidence));
	}

	@Override
	public void reset() {
		this.failures.clear();
		this.times.clear();
	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		SampleDetector sampleDetector() {
			return new SampleDetector();
		}

	}

}
