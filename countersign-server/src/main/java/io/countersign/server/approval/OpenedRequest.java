package io.countersign.server.approval;

import java.time.Instant;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.approval.PolicyVersion;

/**
 * A request just opened: what {@code POST /api/v1/approvals} answers.
 */
public record OpenedRequest(ApprovalRequestId id, ApprovalState state, int revision, String digest,
		PolicyVersion policy, Instant expiresAt) {

}
