package io.countersign.server.alert.internal.detectors;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import io.countersign.server.alert.Severity;

/**
 * The detection rules D1 … D10 of docs/alerts.md, each with its title and the defaults
 * that apply until configuration or an admin (through the API) says otherwise.
 */
public enum Rule {

	D1("Failed sign-ins for one account", settings(Severity.MEDIUM, 5, Duration.ofMinutes(15))),

	D2("Failed authentications from one source address", settings(Severity.MEDIUM, 20, Duration.ofMinutes(60))),

	D3("Password spraying from one source address", settings(Severity.HIGH, 5, Duration.ofMinutes(10))),

	D4("Sign-in right after a burst of failures", settings(Severity.HIGH, 3, Duration.ofMinutes(15))),

	D5("Sign-in from a network not seen for the account",
			new RuleSettings(true, Severity.MEDIUM, Optional.empty(), Optional.of(Duration.ofDays(30)),
					Optional.empty(), Optional.empty())),

	D6("Bulk export by one actor",
			new RuleSettings(true, Severity.HIGH, Optional.of(8L), Optional.of(Duration.ofMinutes(10)),
					Optional.of(10_000L), Optional.of(Duration.ofHours(1)))),

	D7("Privilege escalation",
			new RuleSettings(true, Severity.HIGH, Optional.empty(), Optional.empty(), Optional.empty(),
					Optional.empty())),

	D8("Authorization failures by one actor", settings(Severity.MEDIUM, 10, Duration.ofMinutes(5))),

	// threshold: the days the baseline must span before the rule speaks
	D9("Activity outside the actor's usual hours", settings(Severity.LOW, 14, Duration.ofDays(30))),

	D10("Ledger integrity", new RuleSettings(true, Severity.CRITICAL, Optional.empty(), Optional.empty(),
			Optional.empty(), Optional.empty()));

	private final String title;

	private final RuleSettings defaults;

	Rule(String title, RuleSettings defaults) {
		this.title = title;
		this.defaults = defaults;
	}

	public String title() {
		return this.title;
	}

	/** The built-in defaults; they also say which settings the rule has at all. */
	public RuleSettings defaults() {
		return this.defaults;
	}

	/** {@code D1} from {@code d1} or {@code D1}. */
	public static Optional<Rule> parse(String name) {
		for (Rule rule : values()) {
			if (rule.name().equals(name.toUpperCase(Locale.ROOT))) {
				return Optional.of(rule);
			}
		}
		return Optional.empty();
	}

	private static RuleSettings settings(Severity severity, long threshold, Duration window) {
		return new RuleSettings(true, severity, Optional.of(threshold), Optional.of(window), Optional.empty(),
				Optional.empty());
	}

}
