package io.countersign.server.access.internal.sessions;

import java.time.Instant;

/** A signed-in browser session as stored (the cookie's token only as a hash). */
public record ConsoleSession(String id, String accountId, Instant createdAt, Instant lastSeenAt) {

}
