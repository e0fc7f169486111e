package io.countersign.server.access.internal;

import java.time.Instant;
import java.util.Optional;

/**
 * A user or service account. Accounts are archived, never deleted, so that the ledger's
 * actors stay attributable; an archived account cannot authenticate.
 */
record Account(String id, String username, String displayName, AccountKind kind, boolean archived,
		Optional<String> passwordHash, boolean totpEnabled, Instant createdAt, Instant updatedAt,
		Optional<Instant> archivedAt) {

	boolean active() {
		return !this.archived;
	}

}
