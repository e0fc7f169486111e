package io.countersign.server.alert.internal.detectors;

import java.time.Duration;
import java.util.List;

import io.countersign.server.alert.internal.detection.Detector;
import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;

/**
 * A detector that runs with its rule's current settings: off, it looks at nothing and
 * keeps nothing; on, it evaluates each event with the settings of the moment. Its methods
 * are synchronized: the engine calls them from one thread, the settings API from others.
 */
abstract class RuleDetector implements Detector {

	private final Rule rule;

	private final CurrentSettings settings;

	private boolean wasEnabled = true;

	RuleDetector(Rule rule, CurrentSettings settings) {
		this.rule = rule;
		this.settings = settings;
	}

	@Override
	public final String rule() {
		return this.rule.name();
	}

	@Override
	public final String title() {
		return this.rule.title();
	}

	@Override
	public Duration window() {
		RuleSettings current = settings();
		return current.enabled() ? current.memory() : Duration.ZERO;
	}

	@Override
	public final synchronized List<Finding> observe(ObservedEvent event, boolean replay) {
		RuleSettings current = settings();
		if (!current.enabled()) {
			if (this.wasEnabled) {
				forget();
				this.wasEnabled = false;
			}
			return List.of();
		}
		this.wasEnabled = true;
		return evaluate(event, replay, current);
	}

	@Override
	public final synchronized void reset() {
		forget();
	}

	/** The findings {@code event} completes under {@code settings}. */
	abstract List<Finding> evaluate(ObservedEvent event, boolean replay, RuleSettings settings);

	/** Drops what is held in memory. */
	abstract void forget();

	final RuleSettings settings() {
		return this.settings.of(this.rule);
	}

	final int maxSubjects() {
		return this.settings.maxSubjects();
	}

	final Finding finding(RuleSettings settings, String subject, String summary, List<Long> evidence) {
		return new Finding(this.rule.name(), settings.severity(), subject, summary, evidence);
	}

	static String minutes(Duration window) {
		long minutes = window.toMinutes();
		return (minutes % 60 == 0 && minutes >= 60) ? plural(minutes / 60, "hour") : plural(minutes, "minute");
	}

	static String plural(long count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

}
