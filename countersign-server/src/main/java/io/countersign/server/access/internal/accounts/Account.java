package io.countersign.server.access.internal.accounts;

import java.time.Instant;
import java.util.Optional;

/**
 * A user or service account. Accounts are archived, never deleted, so that the ledger's
 * actors stay attributable; an archived account cannot authenticate. A service account's
 * {@code owner} is the user account responsible for it (docs/decisions/020);
 * {@code email} is where notifications to its person go, if anywhere.
 */
public record Account(String id, String username, String displayName, AccountKind kind, boolean archived,
		Optional<String> passwordHash, boolean totpEnabled, Instant createdAt, Instant updatedAt,
		Optional<Instant> archivedAt, Optional<String> owner, Optional<String> email) {

	/** An account without an e-mail address. */
	public Account(String id, String username, String displayName, AccountKind kind, boolean archived,
			Optional<String> passwordHash, boolean totpEnabled, Instant createdAt, Instant updatedAt,
			Optional<Instant> archivedAt, Optional<String> owner) {
		this(id, username, displayName, kind, archived, passwordHash, totpEnabled, createdAt, updatedAt, archivedAt,
				owner, Optional.empty());
	}

	/** An account without an owner (every user account). */
	public Account(String id, String username, String displayName, AccountKind kind, boolean archived,
			Optional<String> passwordHash, boolean totpEnabled, Instant createdAt, Instant updatedAt,
			Optional<Instant> archivedAt) {
		this(id, username, displayName, kind, archived, passwordHash, totpEnabled, createdAt, updatedAt, archivedAt,
				Optional.empty());
	}

	/** The id, typed for signatures that take it next to other strings. */
	public AccountId accountId() {
		return new AccountId(this.id);
	}

	public boolean active() {
		return !this.archived;
	}

}
