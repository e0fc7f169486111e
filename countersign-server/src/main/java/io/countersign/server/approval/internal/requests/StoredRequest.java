package io.countersign.server.approval.internal.requests;

import java.time.Instant;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.approval.PolicyVersion;

/**
 * An approval request's row: where it stands, its current revision and the policy version
 * it is bound to. {@code initiator} is the account that opened it,
 * {@code initiatorPerson} the person behind that account when it opened (the owner of a
 * service account), whom four-eyes keeps from deciding (docs/decisions/020).
 */
public record StoredRequest(ApprovalRequestId id, PolicyVersion policy, String initiator, String initiatorPerson,
		ApprovalState state, int revision, Instant expiresAt, Instant createdAt, Instant updatedAt,
		Optional<ApprovalRequestId> rollbackOf) {

	public String actionType() {
		return this.policy.actionType();
	}

	/** Whether the account {@code username} opened the request. */
	public boolean initiatedBy(String username) {
		return this.initiator.equals(username);
	}

	/** Whether {@code person} stands behind the account that opened the request. */
	public boolean initiatedByPerson(String person) {
		return this.initiatorPerson.equals(person);
	}

	public StoredRequest withState(ApprovalState next, Instant now) {
		return new StoredRequest(this.id, this.policy, this.initiator, this.initiatorPerson, this.state.moveTo(next),
				this.revision, this.expiresAt, this.createdAt, now, this.rollbackOf);
	}

}
