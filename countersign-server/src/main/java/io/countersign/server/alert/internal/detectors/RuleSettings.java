package io.countersign.server.alert.internal.detectors;

import java.time.Duration;
import java.util.Optional;

import io.countersign.server.alert.Severity;

/**
 * How one rule runs: on or off, the severity of its findings, and its limits. A rule
 * without a threshold or window has them empty (D7, D10); only D6 has a second, row based
 * limit.
 *
 * @param enabled whether the rule looks at events at all
 * @param severity the severity of its findings
 * @param threshold how many hits (or, D9, days of baseline) make a finding
 * @param window the time the hits must fall in (D5, D9: how far back the baseline
 * reaches)
 * @param rowsThreshold D6: more exported rows than this in {@code rowsWindow} make a
 * finding
 * @param rowsWindow D6: the window of the row count
 */
public record RuleSettings(boolean enabled, Severity severity, Optional<Long> threshold, Optional<Duration> window,
		Optional<Long> rowsThreshold, Optional<Duration> rowsWindow) {

	/** The threshold of a rule that has one. */
	long limit() {
		return this.threshold.orElseThrow();
	}

	/** The window of a rule that has one. */
	Duration span() {
		return this.window.orElseThrow();
	}

	/** How far back the rule's in-memory windows reach. */
	Duration memory() {
		Duration first = this.window.orElse(Duration.ZERO);
		Duration second = this.rowsWindow.orElse(Duration.ZERO);
		return (first.compareTo(second) >= 0) ? first : second;
	}

}
