package io.countersign.server.alert.internal.routing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.countersign.server.alert.Severity;

/**
 * What routing keeps of an alert: the alert as last raised (so an escalation can say what
 * it is about without asking the alert engine), when people last heard of it, and its
 * escalation.
 */
record RoutedAlert(String alertId, String rule, String title, Severity severity, String subject, String summary,
		Instant firstSeen, Instant lastSeen, long hits, List<Long> evidence, Instant notifiedAt, Escalation escalation,
		Optional<Instant> escalateAt, Optional<Instant> closedAt) {

	/** Where an alert's escalation stands. */
	enum Escalation {

		/** Its severity did not escalate when it was opened. */
		NONE,

		/** Due at {@code escalateAt} unless the alert is closed first. */
		PENDING,

		/** The escalation route was notified. */
		ESCALATED,

		/** Acknowledged or resolved in time, or the severity stopped escalating. */
		CANCELLED

	}

}
