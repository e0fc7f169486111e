package io.countersign.server.notification.internal.delivery;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import io.countersign.server.notification.internal.ChannelKind;

/**
 * One message to one receiver and how its delivery went.
 *
 * @param channelId the channel, absent for an e-mail to a person
 * @param recipient the URL or e-mail address it goes to
 * @param topic what it is about: {@code approval} or {@code alert}
 * @param requestId the id of the approval request or alert it is about
 * @param stepEventId the ledger event of the approval step it is about; for an alert,
 * which notice of the alert it is ({@code raised:<count>} or {@code escalated})
 * @param subject the e-mail subject (the title, for other kinds)
 * @param body exactly what is sent: the JSON body, or the e-mail's text
 * @param attempts how many attempts were started
 */
public record Delivery(String id, Optional<String> channelId, ChannelKind kind, String recipient, String topic,
		String requestId, String event, String stepEventId, String subject, String body, Status status, int attempts,
		Optional<String> lastError, Instant nextAttemptAt, Instant createdAt, Optional<Instant> deliveredAt) {

	/** Where a delivery stands. */
	public enum Status {

		PENDING, DELIVERED, FAILED;

		public String wire() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
