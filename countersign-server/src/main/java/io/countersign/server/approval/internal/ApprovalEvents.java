package io.countersign.server.approval.internal;

/**
 * The ledger event types of approvals (docs/approvals.md; registered in
 * {@code audit.ReservedEvents}) and the resource they name.
 */
public final class ApprovalEvents {

	public static final String RESOURCE = "approval_request";

	public static final String KEY_RESOURCE = "approver_key";

	public static final String QUEUED = "ACTION_QUEUED";

	public static final String REVISED = "ACTION_REVISED";

	public static final String APPROVED = "ACTION_APPROVED";

	public static final String REJECTED = "ACTION_REJECTED";

	public static final String EXPIRED = "ACTION_EXPIRED";

	public static final String CANCELLED = "ACTION_CANCELLED";

	public static final String EXECUTION_STARTED = "ACTION_EXECUTION_STARTED";

	public static final String EXECUTION_SUCCEEDED = "ACTION_EXECUTION_SUCCEEDED";

	public static final String EXECUTION_FAILED = "ACTION_EXECUTION_FAILED";

	public static final String ROLLED_BACK = "ACTION_ROLLED_BACK";

	public static final String KEY_REGISTERED = "APPROVER_KEY_REGISTERED";

	public static final String KEY_REVOKED = "APPROVER_KEY_REVOKED";

	public static final String POLICY_CHANGE_PROPOSED = "POLICY_CHANGE_PROPOSED";

	public static final String POLICY_CHANGE_REVIEWED = "POLICY_CHANGE_REVIEWED";

	public static final String POLICY_CHANGE_APPROVED = "POLICY_CHANGE_APPROVED";

	public static final String POLICY_CHANGE_REJECTED = "POLICY_CHANGE_REJECTED";

	public static final String POLICY_CHANGE_ACTIVATED = "POLICY_CHANGE_ACTIVATED";

	public static final String POLICY_CHANGE_ROLLED_BACK = "POLICY_CHANGE_ROLLED_BACK";

	public static final String AUTO_APPROVED = "ACTION_AUTO_APPROVED";

	public static final String DELEGATION_RESOURCE = "approval_delegation";

	public static final String DELEGATION_GRANTED = "DELEGATION_GRANTED";

	public static final String DELEGATION_REVOKED = "DELEGATION_REVOKED";

	public static final String RULE_RESOURCE = "standing_rule";

	public static final String RULE_CREATED = "RULE_CREATED";

	public static final String RULE_REVOKED = "RULE_REVOKED";

	/** The gated action type whose steps also have the POLICY_CHANGE_* events. */
	public static final String POLICY_CHANGE = "policy.change";

	private ApprovalEvents() {
	}

}
