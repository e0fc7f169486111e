package io.countersign.server.approval.internal.keys;

import java.time.Instant;
import java.util.Optional;

import io.countersign.ledger.approval.ApproverKey;

/**
 * An approver's registered public key: whose it is, and whether it was revoked.
 */
public record StoredKey(String id, String owner, ApproverKey key, Instant createdAt, Optional<Instant> revokedAt) {

	public String fingerprint() {
		return this.key.fingerprint();
	}

	/** Whether {@code person} may sign decisions with it now. */
	public boolean signsFor(String person) {
		return this.owner.equals(person) && this.revokedAt.isEmpty();
	}

}
