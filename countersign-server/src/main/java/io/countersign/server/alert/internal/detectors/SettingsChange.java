package io.countersign.server.alert.internal.detectors;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.countersign.server.alert.Severity;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * A change to a rule's settings as asked for (through the API or configuration): what is
 * present replaces the current value once it passes the checks, or nothing changes and
 * the caller is told what is wrong ({@code ERR_VALIDATION}).
 */
public record SettingsChange(Optional<Boolean> enabled, Optional<String> severity, Optional<Long> threshold,
		Optional<String> window, Optional<Long> rowsThreshold, Optional<String> rowsWindow) {

	/** Counted hits are kept one by one, so a count threshold stays small. */
	static final long MAX_COUNT = 1_000;

	/** D2 adds aggregated failures by their count; no entry per failure is kept. */
	static final long MAX_WEIGHTED_COUNT = 1_000_000;

	static final Duration MIN_WINDOW = Duration.ofMinutes(1);

	static final Duration MAX_WINDOW = Duration.ofHours(24);

	static final Duration MIN_BASELINE = Duration.ofDays(1);

	static final Duration MAX_BASELINE = Duration.ofDays(90);

	boolean isEmpty() {
		return this.enabled.isEmpty() && this.severity.isEmpty() && this.threshold.isEmpty() && this.window.isEmpty()
				&& this.rowsThreshold.isEmpty() && this.rowsWindow.isEmpty();
	}

	/** The names of the settings this change holds, for the audit event. */
	List<String> fields() {
		List<String> fields = new ArrayList<>();
		this.enabled.ifPresent((value) -> fields.add("enabled"));
		this.severity.ifPresent((value) -> fields.add("severity"));
		this.threshold.ifPresent((value) -> fields.add("threshold"));
		this.window.ifPresent((value) -> fields.add("window"));
		this.rowsThreshold.ifPresent((value) -> fields.add("rowsThreshold"));
		this.rowsWindow.ifPresent((value) -> fields.add("rowsWindow"));
		return fields;
	}

	/**
	 * {@code current} with this change, or {@code ERR_VALIDATION} naming what is wrong.
	 */
	RuleSettings applyTo(Rule rule, RuleSettings current) {
		RuleSettings defaults = rule.defaults();
		Severity newSeverity = this.severity.map(SettingsChange::severity).orElse(current.severity());
		Optional<Long> newThreshold = current.threshold();
		if (this.threshold.isPresent()) {
			has(rule, defaults.threshold(), "threshold");
			newThreshold = Optional.of(between("threshold", this.threshold.get(), 1, maxThreshold(rule)));
		}
		Optional<Duration> newWindow = current.window();
		if (this.window.isPresent()) {
			has(rule, defaults.window(), "window");
			boolean baseline = rule == Rule.D5 || rule == Rule.D9;
			newWindow = Optional.of(duration("window", this.window.get(), baseline ? MIN_BASELINE : MIN_WINDOW,
					baseline ? MAX_BASELINE : MAX_WINDOW));
		}
		Optional<Long> newRows = current.rowsThreshold();
		if (this.rowsThreshold.isPresent()) {
			has(rule, defaults.rowsThreshold(), "rowsThreshold");
			newRows = Optional.of(between("rowsThreshold", this.rowsThreshold.get(), 1, Long.MAX_VALUE / 2));
		}
		Optional<Duration> newRowsWindow = current.rowsWindow();
		if (this.rowsWindow.isPresent()) {
			has(rule, defaults.rowsWindow(), "rowsWindow");
			newRowsWindow = Optional.of(duration("rowsWindow", this.rowsWindow.get(), MIN_WINDOW, MAX_WINDOW));
		}
		if (rule == Rule.D9 && newThreshold.orElseThrow() > newWindow.orElseThrow().toDays()) {
			throw invalid("threshold: D9's baseline must span at most its window (" + newWindow.get().toDays()
					+ " days), not " + newThreshold.get() + " days");
		}
		return new RuleSettings(this.enabled.orElse(current.enabled()), newSeverity, newThreshold, newWindow, newRows,
				newRowsWindow);
	}

	private static long maxThreshold(Rule rule) {
		return switch (rule) {
			case D2 -> MAX_WEIGHTED_COUNT;
			case D9 -> MAX_BASELINE.toDays();
			default -> MAX_COUNT;
		};
	}

	private static void has(Rule rule, Optional<?> setting, String name) {
		if (setting.isEmpty()) {
			throw invalid(name + ": " + rule + " has no " + name);
		}
	}

	private static Severity severity(String value) {
		try {
			return Severity.valueOf(value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw invalid("severity: must be LOW, MEDIUM, HIGH or CRITICAL, not '" + value + "'");
		}
	}

	private static long between(String name, long value, long min, long max) {
		if (value < min || value > max) {
			throw invalid(name + ": must be between " + min + " and " + max + ", not " + value);
		}
		return value;
	}

	private static Duration duration(String name, String value, Duration min, Duration max) {
		Duration parsed;
		try {
			parsed = Duration.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw invalid(name + ": must be an ISO-8601 duration such as PT15M or P30D, not '" + value + "'");
		}
		if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
			throw invalid(name + ": must be between " + min + " and " + max + ", not " + parsed);
		}
		return parsed;
	}

	private static CountersignException invalid(String message) {
		return new CountersignException(ErrorCode.ERR_VALIDATION, message);
	}

}
