package io.countersign.server.notification.internal.inbox;

import java.time.Instant;
import java.util.Optional;

/** One notice in a person's in-app inbox. */
public record InboxItem(String id, String recipient, String requestId, String event, String title, String link,
		Instant createdAt, Optional<Instant> readAt) {

}
