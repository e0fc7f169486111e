package io.countersign.server.approval;

import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;

/**
 * Reads approval requests afresh for other features (notifications), in the caller's
 * transaction: called while a step's transaction is still open, it sees that step.
 */
public interface RequestOverviews {

	/** The request, empty if there is none with this id. */
	Optional<RequestOverview> overview(ApprovalRequestId id);

}
