package io.countersign.server.access.internal;

import java.time.Instant;

/** A signed-in browser session as stored (the cookie's token only as a hash). */
record ConsoleSession(String id, String accountId, Instant createdAt, Instant lastSeenAt) {

}
