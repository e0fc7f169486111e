package io.countersign.ledger.evidence;

import io.countersign.ledger.approval.ApprovalState;

/**
 * One ACTION_ event of the request, read: a revision, a signed decision, an approval by a
 * standing rule or another state change, with the state the request is in after it as the
 * event records it.
 */
sealed interface LoggedStep permits Revision, SignedDecision, RuleApproval, StateChange {

	LoggedEvent at();

	ApprovalState recordedState();

}
