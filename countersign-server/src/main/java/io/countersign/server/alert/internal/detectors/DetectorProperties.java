package io.countersign.server.alert.internal.detectors;

import java.time.Duration;
import java.util.Optional;

import io.countersign.server.alert.Severity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code countersign.alerts.detectors.*}: the subjects each windowed rule tracks at most,
 * and per rule ({@code d1} … {@code d10}) {@code enabled}, {@code severity},
 * {@code threshold}, {@code window} (and for D6 {@code rows-threshold},
 * {@code rows-window}); what is left out keeps the rule's default ({@link Rule}).
 * Settings an admin changes through the API override these.
 *
 * @param maxSubjects the subjects (accounts, source addresses, actors) a windowed rule
 * keeps windows for; at the cap the least recently active one is forgotten
 */
@ConfigurationProperties("countersign.alerts.detectors")
public record DetectorProperties(Integer maxSubjects, Configured d1, Configured d2, Configured d3, Configured d4,
		Configured d5, Configured d6, Configured d7, Configured d8, Configured d9, Configured d10) {

	static final int DEFAULT_MAX_SUBJECTS = 10_000;

	public DetectorProperties {
		if (maxSubjects == null) {
			maxSubjects = DEFAULT_MAX_SUBJECTS;
		}
		if (maxSubjects < 1) {
			throw new IllegalArgumentException("countersign.alerts.detectors.max-subjects must be at least 1");
		}
	}

	/** The rule's settings from configuration over its defaults, checked. */
	RuleSettings configured(Rule rule) {
		Configured configured = switch (rule) {
			case D1 -> this.d1;
			case D2 -> this.d2;
			case D3 -> this.d3;
			case D4 -> this.d4;
			case D5 -> this.d5;
			case D6 -> this.d6;
			case D7 -> this.d7;
			case D8 -> this.d8;
			case D9 -> this.d9;
			case D10 -> this.d10;
		};
		if (configured == null) {
			return rule.defaults();
		}
		SettingsChange change = new SettingsChange(Optional.ofNullable(configured.enabled()),
				Optional.ofNullable(configured.severity()).map(Enum::name), Optional.ofNullable(configured.threshold()),
				Optional.ofNullable(configured.window()).map(Duration::toString),
				Optional.ofNullable(configured.rowsThreshold()),
				Optional.ofNullable(configured.rowsWindow()).map(Duration::toString));
		try {
			return change.applyTo(rule, rule.defaults());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(
					"countersign.alerts.detectors." + rule.name().toLowerCase() + ": " + ex.getMessage(), ex);
		}
	}

	/** One rule's configuration; {@code null} keeps the default. */
	public record Configured(Boolean enabled, Severity severity, Long threshold, Duration window, Long rowsThreshold,
			Duration rowsWindow) {

	}

}
