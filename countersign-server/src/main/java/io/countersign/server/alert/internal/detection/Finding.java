package io.countersign.server.alert.internal.detection;

import java.util.List;

import io.countersign.server.alert.Severity;

/**
 * What a detector found on the event it was shown: one hit of its rule.
 *
 * @param rule the detector's rule ({@code D1} … {@code D10})
 * @param severity how urgent
 * @param subject what it is about, {@code <kind>:<id>} (e.g. {@code account:ivan},
 * {@code source:203.0.113.7}, {@code actor:svc-backup}, {@code ledger:main}); the engine
 * keeps one open alert per rule and subject
 * @param summary one sentence for people ("5 failed sign-ins for ivan in 15 minutes")
 * @param evidence the ledger indexes that make up the hit, oldest first, the event shown
 * last among them; at most a few dozen (the detector picks the ones that show it)
 */
public record Finding(String rule, Severity severity, String subject, String summary, List<Long> evidence) {

	public Finding {
		evidence = List.copyOf(evidence);
		if (evidence.isEmpty()) {
			throw new IllegalArgumentException("a finding names the ledger entries that show it");
		}
	}

}
