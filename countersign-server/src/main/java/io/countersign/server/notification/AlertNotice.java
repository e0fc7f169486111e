package io.countersign.server.notification;

import java.time.Instant;
import java.util.List;

/**
 * What people are told about an alert (docs/alerts.md, "Routing"): the alert as it stands
 * when the notice is written. The notification module renders it for each channel
 * (e-mail, generic webhook JSON, Slack body) and links to
 * {@code <publicUrl>/ui/alerts/<alertId>}.
 *
 * @param event {@link #RAISED} or {@link #ESCALATED}
 * @param alertId the alert's id
 * @param rule the detector's rule, e.g. {@code D1}
 * @param title what the rule detects, one line
 * @param severity {@code LOW}, {@code MEDIUM}, {@code HIGH} or {@code CRITICAL}
 * @param subject what the alert is about, e.g. {@code account:ivan}
 * @param summary one sentence on the latest hit
 * @param firstSeen the time of the alert's first ledger entry
 * @param lastSeen the time of its latest ledger entry
 * @param count how many hits it has gathered
 * @param evidence the ledger indexes of the latest hit
 * @param noticeKey which notice of the alert this is ({@code raised:<count>} or
 * {@code escalated}), kept with each delivery
 */
public record AlertNotice(String event, String alertId, String rule, String title, String severity, String subject,
		String summary, Instant firstSeen, Instant lastSeen, long count, List<Long> evidence, String noticeKey) {

	/** The wire name of a notice about an alert opened or grown. */
	public static final String RAISED = "alert.raised";

	/** The wire name of a notice that an alert went unacknowledged too long. */
	public static final String ESCALATED = "alert.escalated";

	public AlertNotice {
		if (!RAISED.equals(event) && !ESCALATED.equals(event)) {
			throw new IllegalArgumentException("an alert notice is " + RAISED + " or " + ESCALATED + ", not " + event);
		}
		evidence = List.copyOf(evidence);
	}

	public boolean escalated() {
		return ESCALATED.equals(this.event);
	}

}
