package io.countersign.server.notification.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.countersign.server.approval.RequestOverview;

import tools.jackson.databind.json.JsonMapper;

/**
 * What people are told about one approval step, in each channel's shape. Every form
 * carries the link to the request's console page and nothing that decides: deciding needs
 * signing in and a signed decision.
 *
 * @param event what happened
 * @param request the request as it stands after the step
 * @param stepEventId the ledger event of the step
 * @param link the request's console page
 * @param occurredAt when the step was recorded
 */
public record Notice(NotificationEvent event, RequestOverview request, String stepEventId, String link,
		Instant occurredAt) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One line: "Approval request for secret.rotate by ivan needs your decision". */
	public String title() {
		return "Approval request for " + this.request.actionType() + " by " + this.request.initiator() + " "
				+ this.event.phrase();
	}

	public String emailSubject() {
		return "[Countersign] " + title();
	}

	/** The plain text of an e-mail. */
	public String emailText() {
		return title() + ".\n\n" + "Action:        " + this.request.actionType() + " (" + this.request.description()
				+ ")\n" + "Requested by:  " + this.request.initiator() + "\n" + "Revision:      "
				+ this.request.revision() + "\n" + "State:         " + this.request.state() + "\n" + "Expires at:    "
				+ this.request.expiresAt() + "\n" + "Justification: " + this.request.justification() + "\n\n"
				+ "Open the request (you will be asked to sign in): " + this.link + "\n\n"
				+ "Deciding needs your own signed decision; this message cannot approve anything.\n";
	}

	/**
	 * The generic webhook's JSON body; {@code deliveryId} lets a receiver drop repeats.
	 */
	public String webhookBody(String deliveryId) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("id", this.request.id().toString());
		request.put("actionType", this.request.actionType());
		request.put("description", this.request.description());
		request.put("state", this.request.state().name());
		request.put("revision", this.request.revision());
		request.put("initiator", this.request.initiator());
		request.put("justification", this.request.justification());
		request.put("expiresAt", this.request.expiresAt().toString());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("deliveryId", deliveryId);
		body.put("event", this.event.wire());
		body.put("occurredAt", this.occurredAt.toString());
		body.put("ledgerEventId", this.stepEventId);
		body.put("title", title());
		body.put("request", request);
		body.put("link", this.link);
		return JSON.writeValueAsString(body);
	}

	/**
	 * A Slack-compatible incoming webhook body: {@code text} (the fallback every
	 * compatible receiver shows) and a section block in mrkdwn.
	 */
	public String slackBody() {
		String title = slackEscaped(title());
		String link = "<" + this.link + "|Open in Countersign>";
		Map<String, Object> text = new LinkedHashMap<>();
		text.put("type", "mrkdwn");
		text.put("text", "*" + title + "*\n>" + slackEscaped(this.request.justification()).replace("\n", "\n>") + "\n"
				+ link + " (sign-in required)");
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("type", "section");
		section.put("text", text);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("text", title + ": " + link);
		body.put("blocks", List.of(section));
		return JSON.writeValueAsString(body);
	}

	// Slack's mrkdwn: &, < and > are control characters; anything else is literal
	static String slackEscaped(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
