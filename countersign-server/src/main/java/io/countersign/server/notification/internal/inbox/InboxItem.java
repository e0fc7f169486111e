package io.countersign.server.notification.internal.inbox;

import java.time.Instant;
import java.util.Optional;

/**
 * One notice in a person's in-app inbox.
 *
 * @param topic what the notice is about: {@code approval} or {@code alert}
 * @param requestId the id of the approval request or alert it is about
 */
public record InboxItem(String id, String recipient, String topic, String requestId, String event, String title,
		String link, Instant createdAt, Optional<Instant> readAt) {

	public static final String APPROVAL = "approval";

	public static final String ALERT = "alert";

}
