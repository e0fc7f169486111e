package io.countersign.ledger.evidence;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.approval.ApprovalState;

/**
 * The approval event types of the event contract (docs/approvals.md, "Evidence package")
 * and the state each step moves a request to.
 */
final class ApprovalEvents {

	static final String RESOURCE_TYPE = "approval_request";

	static final String QUEUED = "ACTION_QUEUED";

	static final String REVISED = "ACTION_REVISED";

	static final String APPROVED = "ACTION_APPROVED";

	static final String REJECTED = "ACTION_REJECTED";

	static final String AUTO_APPROVED = "ACTION_AUTO_APPROVED";

	static final String EXPIRED = "ACTION_EXPIRED";

	static final String CANCELLED = "ACTION_CANCELLED";

	static final String EXECUTION_STARTED = "ACTION_EXECUTION_STARTED";

	static final String EXECUTION_SUCCEEDED = "ACTION_EXECUTION_SUCCEEDED";

	static final String EXECUTION_FAILED = "ACTION_EXECUTION_FAILED";

	static final String ROLLED_BACK = "ACTION_ROLLED_BACK";

	/** The state each step (every ACTION_ type but revisions and decisions) moves to. */
	static final Map<String, ApprovalState> STEP_TARGETS = Map.of(EXPIRED, ApprovalState.EXPIRED, CANCELLED,
			ApprovalState.CANCELLED, EXECUTION_STARTED, ApprovalState.EXECUTING, EXECUTION_SUCCEEDED,
			ApprovalState.EXECUTED, EXECUTION_FAILED, ApprovalState.FAILED, ROLLED_BACK, ApprovalState.ROLLED_BACK);

	/** Recorded beside the ACTION_ events of a {@code policy.change} request. */
	static final Set<String> POLICY_CHANGES = Set.of("POLICY_CHANGE_PROPOSED", "POLICY_CHANGE_REVIEWED",
			"POLICY_CHANGE_APPROVED", "POLICY_CHANGE_REJECTED", "POLICY_CHANGE_ACTIVATED", "POLICY_CHANGE_ROLLED_BACK");

	static final String POLICY_CHANGE_ACTION = "policy.change";

	/** The event that leads into each state, to say which one is missing. */
	static final Map<ApprovalState, String> LEADS_TO = Map.of(ApprovalState.APPROVED,
			"no approval that meets the quorum", ApprovalState.EXECUTING, "no " + EXECUTION_STARTED,
			ApprovalState.EXECUTED, "no " + EXECUTION_SUCCEEDED, ApprovalState.FAILED, "no " + EXECUTION_FAILED);

	private ApprovalEvents() {
	}

	static ApprovalState state(Details details) throws TamperedEvidence {
		String state = details.text("state");
		try {
			return ApprovalState.valueOf(state);
		}
		catch (IllegalArgumentException ex) {
			throw details.malformed("state", "an approval state");
		}
	}

	static Optional<String> leadsTo(ApprovalState state) {
		return Optional.ofNullable(LEADS_TO.get(state));
	}

}
