package io.countersign.server.approval.internal.requests;

import java.time.Instant;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.approval.PolicyVersion;

/**
 * An approval request's row: where it stands, its current revision and the policy version
 * it is bound to.
 */
public record StoredRequest(ApprovalRequestId id, PolicyVersion policy, String initiator, ApprovalState state,
		int revision, Instant expiresAt, Instant createdAt, Instant updatedAt, Optional<ApprovalRequestId> rollbackOf) {

	public String actionType() {
		return this.policy.actionType();
	}

	public boolean initiatedBy(String person) {
		return this.initiator.equals(person);
	}

	public StoredRequest withState(ApprovalState next, Instant now) {
		return new StoredRequest(this.id, this.policy, this.initiator, this.state.moveTo(next), this.revision,
				this.expiresAt, this.createdAt, now, this.rollbackOf);
	}

}
