package io.countersign.server.alert;

import java.time.Instant;
import java.util.List;

/**
 * An alert was opened ({@code count == 1}) or a further hit was added to an open one.
 * Published inside the transaction that stores it, so a listener that routes it writes
 * its deliveries with {@code @TransactionalEventListener(phase = BEFORE_COMMIT)} and they
 * commit together (as docs/decisions/021 does for approvals).
 *
 * @param alertId the alert's id
 * @param rule the detector's rule, e.g. {@code D1}
 * @param title what the rule detects, one line ("Failed sign-ins for one account")
 * @param severity the alert's severity
 * @param subject what the alert is about, e.g. {@code account:ivan} or
 * {@code source:203.0.113.7}
 * @param summary one sentence on this hit ("5 failed sign-ins in 15 minutes")
 * @param firstSeen the time of the first ledger entry of the alert
 * @param lastSeen the time of the latest ledger entry of the alert
 * @param count how many hits the alert has gathered
 * @param evidence the ledger indexes of this hit
 */
public record AlertRaised(String alertId, String rule, String title, Severity severity, String subject, String summary,
		Instant firstSeen, Instant lastSeen, long count, List<Long> evidence) {

	public AlertRaised {
		evidence = List.copyOf(evidence);
	}

	/** Whether this opened the alert (rather than added to an open one). */
	public boolean opened() {
		return this.count == 1;
	}

}
