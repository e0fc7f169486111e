package io.countersign.server.approval;

import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;

/**
 * An approved request as its executor sees it: exactly the revision the approvers signed.
 *
 * @param id the request
 * @param revision the approved revision
 * @param actionType what to do
 * @param parameters the request's parameters (JSON values)
 * @param diff the diff shown to the approvers, if any
 * @param justification why
 * @param initiator the person who asked
 * @param policy the policy version the request was decided under
 * @param digest the revision's request digest (hex)
 * @param rollbackOf the executed request this one rolls back, if it is a rollback
 */
public record ApprovedRequest(ApprovalRequestId id, int revision, String actionType, Map<String, Object> parameters,
		Optional<String> diff, String justification, String initiator, PolicyDocument policy, String digest,
		Optional<ApprovalRequestId> rollbackOf) {

}
