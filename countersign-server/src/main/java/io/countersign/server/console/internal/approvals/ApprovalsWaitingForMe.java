package io.countersign.server.console.internal.approvals;

import io.countersign.server.approval.WaitingRequests;
import io.countersign.server.console.internal.WaitingApprovals;
import io.countersign.server.shared.Caller;

import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

/**
 * The landing rule's count of requests waiting for the caller, from the approval module:
 * an approver with requests waiting lands on the approvals inbox.
 */
// primary over the console's stand-in that counts nothing
@Component
@Primary
class ApprovalsWaitingForMe implements WaitingApprovals {

	private final WaitingRequests waiting;

	ApprovalsWaitingForMe(WaitingRequests waiting) {
		this.waiting = waiting;
	}

	@Override
	public long waitingFor(Caller caller) {
		return this.waiting.waitingFor(caller);
	}

}
