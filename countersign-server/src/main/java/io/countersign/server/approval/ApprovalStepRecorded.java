package io.countersign.server.approval;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;

/**
 * A step of an approval request was recorded (its ledger event type, e.g.
 * {@code ACTION_REVISED}: approvers should look again). Published inside the step's
 * transaction, so a listener that notifies people listens with
 * {@code @TransactionalEventListener} (after commit) and reads the request afresh.
 *
 * @param request the request
 * @param eventType the ledger event type of the step
 * @param eventId the ledger event's id
 * @param actor who took the step (a user name, or {@code countersign} for expiry)
 * @param state the state the step left the request in, as its recorder wrote it (so a
 * listener can tell a decision that left the request open without reading it)
 */
public record ApprovalStepRecorded(ApprovalRequestId request, String eventType, String eventId, String actor,
		ApprovalState state) {

}
