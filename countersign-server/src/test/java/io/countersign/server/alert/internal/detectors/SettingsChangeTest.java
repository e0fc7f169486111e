package io.countersign.server.alert.internal.detectors;

import java.time.Duration;
import java.util.Optional;

import io.countersign.server.alert.Severity;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsChangeTest {

	@Test
	void whatAChangeHoldsReplacesTheCurrentValueAndTheRestStays() {
		RuleSettings changed = change(Optional.of(false), Optional.of("high"), Optional.of(7L), Optional.of("PT30M"))
			.applyTo(Rule.D1, Rule.D1.defaults());
		assertThat(changed).isEqualTo(new RuleSettings(false, Severity.HIGH, Optional.of(7L),
				Optional.of(Duration.ofMinutes(30)), Optional.empty(), Optional.empty()));
	}

	@Test
	void badValuesAreRefusedWithAReadableMessage() {
		refused(Rule.D1, change(Optional.empty(), Optional.of("urgent"), Optional.empty(), Optional.empty()),
				"severity: must be LOW, MEDIUM, HIGH or CRITICAL, not 'urgent'");
		refused(Rule.D1, change(Optional.empty(), Optional.empty(), Optional.of(0L), Optional.empty()),
				"threshold: must be between 1 and 1000, not 0");
		refused(Rule.D1, change(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("15 minutes")),
				"window: must be an ISO-8601 duration such as PT15M or P30D, not '15 minutes'");
		refused(Rule.D1, change(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("P2D")),
				"window: must be between PT1M and PT24H, not PT48H");
		refused(Rule.D7, change(Optional.empty(), Optional.empty(), Optional.of(3L), Optional.empty()),
				"threshold: D7 has no threshold");
		refused(Rule.D9, change(Optional.empty(), Optional.empty(), Optional.of(20L), Optional.of("P10D")),
				"threshold: D9's baseline must span at most its window (10 days), not 20 days");
		refused(Rule.D1, new SettingsChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
				Optional.of(5L), Optional.empty()), "rowsThreshold: D1 has no rowsThreshold");
	}

	private static void refused(Rule rule, SettingsChange change, String message) {
		assertThatThrownBy(() -> change.applyTo(rule, rule.defaults())).isInstanceOf(CountersignException.class)
			.hasMessage(message)
			.extracting((ex) -> ((CountersignException) ex).code())
			.isEqualTo(ErrorCode.ERR_VALIDATION);
	}

	private static SettingsChange change(Optional<Boolean> enabled, Optional<String> severity, Optional<Long> threshold,
			Optional<String> window) {
		return new SettingsChange(enabled, severity, threshold, window, Optional.empty(), Optional.empty());
	}

}
