package io.countersign.server.approval.internal.decisions;

import java.time.Instant;
import java.util.List;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.Decision;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.RoleName;
import io.countersign.ledger.approval.Verdict;

import java.util.stream.Collectors;

/**
 * A signed decision as stored: who decided what on which revision, with the roles they
 * held and the key and signature that prove it.
 */
public record StoredDecision(ApprovalRequestId requestId, int revision, String person, int ordinal, Verdict verdict,
		String reason, List<String> roles, String keyId, String signature, Instant decidedAt, String eventId) {

	/** The decision as the quorum rules count it. */
	public Decision decision() {
		return new Decision(PersonId.of(this.person), this.roles.stream().map(RoleName::of).collect(Collectors.toSet()),
				this.verdict);
	}

}
