package io.countersign.server.alert.internal.routing;

import java.time.Duration;
import java.util.Optional;

import io.countersign.server.alert.Severity;
import io.countersign.server.notification.AlertRecipients;

/**
 * Where the alerts of one severity go, and where they go next if nobody acknowledges them
 * in time.
 *
 * @param recipients who hears of a new alert (and of further hits, at most once per
 * {@code countersign.alerts.routing.renotify-after})
 * @param escalation the second route, when this severity escalates
 * @param stored whether an administrator set it (rather than the configured default)
 */
record Route(Severity severity, AlertRecipients recipients, Optional<Escalation> escalation, boolean stored) {

	/**
	 * The second route.
	 *
	 * @param after how long an alert may stay unacknowledged before it escalates
	 */
	record Escalation(Duration after, AlertRecipients to) {

	}

}
