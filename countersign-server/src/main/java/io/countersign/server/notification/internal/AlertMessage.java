package io.countersign.server.notification.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.countersign.server.notification.AlertNotice;

import tools.jackson.databind.json.JsonMapper;

/**
 * An alert notice in each channel's shape, rendered once when it is written so that a
 * retry sends the same bytes. Every form links to the alert's console page; none carries
 * more of the evidence than the ledger indexes, which anyone allowed can check there.
 *
 * @param link the alert's console page
 */
record AlertMessage(AlertNotice notice, String link) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One line: "CRITICAL alert D10: Ledger cannot append (ledger)". */
	String title() {
		String title = this.notice.severity() + " alert " + this.notice.rule() + ": " + this.notice.title() + " ("
				+ this.notice.subject() + ")";
		return this.notice.escalated() ? "Unacknowledged: " + title : title;
	}

	String emailSubject() {
		return "[Countersign] " + title();
	}

	String emailText() {
		StringBuilder text = new StringBuilder(title()).append(".\n\n");
		if (this.notice.escalated()) {
			text.append("Nobody has acknowledged this alert in time, so it is escalated to you.\n\n");
		}
		text.append("Rule:        ")
			.append(this.notice.rule())
			.append(" (")
			.append(this.notice.title())
			.append(")\n")
			.append("Severity:    ")
			.append(this.notice.severity())
			.append('\n')
			.append("Subject:     ")
			.append(this.notice.subject())
			.append('\n')
			.append("Summary:     ")
			.append(this.notice.summary())
			.append('\n')
			.append("First seen:  ")
			.append(this.notice.firstSeen())
			.append('\n')
			.append("Last seen:   ")
			.append(this.notice.lastSeen())
			.append('\n')
			.append("Hits:        ")
			.append(this.notice.count())
			.append('\n')
			.append("Evidence:    ledger entries ")
			.append(indexes())
			.append("\n\n")
			.append("Open the alert (you will be asked to sign in): ")
			.append(this.link)
			.append('\n');
		return text.toString();
	}

	/**
	 * The generic webhook's JSON body; {@code deliveryId} lets a receiver drop repeats.
	 */
	String webhookBody(String deliveryId, String occurredAt) {
		Map<String, Object> alert = new LinkedHashMap<>();
		alert.put("id", this.notice.alertId());
		alert.put("rule", this.notice.rule());
		alert.put("title", this.notice.title());
		alert.put("severity", this.notice.severity());
		alert.put("subject", this.notice.subject());
		alert.put("summary", this.notice.summary());
		alert.put("firstSeen", this.notice.firstSeen().toString());
		alert.put("lastSeen", this.notice.lastSeen().toString());
		alert.put("count", this.notice.count());
		alert.put("ledgerIndexes", this.notice.evidence());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("deliveryId", deliveryId);
		body.put("event", this.notice.event());
		body.put("occurredAt", occurredAt);
		body.put("title", title());
		body.put("alert", alert);
		body.put("link", this.link);
		return JSON.writeValueAsString(body);
	}

	/** A Slack-compatible body: {@code text} as the fallback and a mrkdwn section. */
	String slackBody() {
		String title = Notice.slackEscaped(title());
		String link = "<" + this.link + "|Open in Countersign>";
		Map<String, Object> text = new LinkedHashMap<>();
		text.put("type", "mrkdwn");
		text.put("text",
				"*" + title + "*\n>" + Notice.slackEscaped(this.notice.summary()).replace("\n", "\n>") + "\n" + "Hits: "
						+ this.notice.count() + " · first seen " + this.notice.firstSeen() + " · last seen "
						+ this.notice.lastSeen() + "\n" + link + " (sign-in required)");
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("type", "section");
		section.put("text", text);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("text", title + ": " + link);
		body.put("blocks", List.of(section));
		return JSON.writeValueAsString(body);
	}

	private String indexes() {
		List<Long> evidence = this.notice.evidence();
		return evidence.isEmpty() ? "(none)" : String.join(", ", evidence.stream().map(String::valueOf).toList());
	}

}
