package io.countersign.server.approval;

import io.countersign.server.shared.Caller;

/**
 * How many requests wait for a person's decision, as {@code GET
 * /api/v1/approvals?waitingFor=me} lists them (under review, not theirs, not decided by
 * them in the current revision, a role of the policy held): the console sends an approver
 * with waiting requests to the approvals inbox.
 */
public interface WaitingRequests {

	/** The count, up to one page ({@code countersign.approvals.page-size}). */
	long waitingFor(Caller caller);

}
