package io.countersign.server.access.internal.accounts;

import java.time.Instant;
import java.util.Optional;

/**
 * A user or service account. Accounts are archived, never deleted, so that the ledger's
 * actors stay attributable; an archived account cannot authenticate.
 */
public record Account(String id, String username, String displayName, AccountKind kind, boolean archived,
		Optional<String> passwordHash, boolean totpEnabled, Instant createdAt, Instant updatedAt,
		Optional<Instant> archivedAt) {

	/** The id, typed for signatures that take it next to other strings. */
	public AccountId accountId() {
		return new AccountId(this.id);
	}

	public boolean active() {
		return !this.archived;
	}

}
