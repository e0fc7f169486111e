package io.countersign.server.approval.internal.execution;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.server.approval.OpenedRequest;
import io.countersign.server.approval.internal.requests.ApprovalRequests;
import io.countersign.server.approval.internal.requests.RequestingApproval;
import io.countersign.server.approval.internal.requests.Revision;
import io.countersign.server.approval.internal.requests.StoredRequest;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rolling back an executed request through the same workflow: a new request of the same
 * action type, under the policy in force for it, linked to the original
 * ({@code rollbackOf}); when it executes, the original becomes ROLLED_BACK. One rollback
 * at a time: while one is open, approved, executing or executed, another is refused.
 */
@Service
public class RollingBack {

	private static final Set<ApprovalState> UNDER_WAY = Set.of(ApprovalState.UNDER_REVIEW, ApprovalState.APPROVED,
			ApprovalState.EXECUTING, ApprovalState.EXECUTED);

	private final ApprovalRequests requests;

	private final RequestingApproval requesting;

	private final TransactionTemplate transaction;

	RollingBack(ApprovalRequests requests, RequestingApproval requesting, TransactionTemplate transaction) {
		this.requests = requests;
		this.requesting = requesting;
		this.transaction = transaction;
	}

	/**
	 * Opens the rollback request; its parameters default to those of the original's
	 * executed revision.
	 */
	public OpenedRequest rollback(Caller caller, ApprovalRequestId originalId, Optional<Map<String, Object>> parameters,
			Optional<String> diff, String justification) {
		StoredRequest seen = this.requests.find(originalId).orElseThrow(() -> RequestingApproval.notFound(originalId));
		RequestingApproval.requireState(seen, ApprovalState.EXECUTED, "rolled back");
		return this.transaction.execute((status) -> {
			StoredRequest original = this.requests.lock(originalId).orElseThrow();
			RequestingApproval.requireState(original, ApprovalState.EXECUTED, "rolled back");
			if (!this.requests.rollbacksOf(originalId, UNDER_WAY).isEmpty()) {
				throw new CountersignException(ErrorCode.ERR_INVALID_STATE_TRANSITION,
						"A rollback of this request is already under way.");
			}
			Revision executed = this.requests.revision(originalId, original.revision());
			return this.requesting.open(caller, original.actionType(),
					parameters.orElse(executed.content().parameters()), diff, justification, Optional.of(originalId));
		});
	}

}
