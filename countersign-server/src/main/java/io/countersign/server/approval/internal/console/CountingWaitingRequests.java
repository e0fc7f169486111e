package io.countersign.server.approval.internal.console;

import java.util.Optional;

import io.countersign.server.approval.WaitingRequests;
import io.countersign.server.approval.internal.ReadingApprovals;
import io.countersign.server.shared.Caller;

import org.springframework.stereotype.Component;

/** {@link WaitingRequests} from the first page of the caller's waiting requests. */
@Component
class CountingWaitingRequests implements WaitingRequests {

	private final ReadingApprovals reading;

	CountingWaitingRequests(ReadingApprovals reading) {
		this.reading = reading;
	}

	@Override
	public long waitingFor(Caller caller) {
		if (!caller.holds(ApprovalPages.DECIDE) || !"user".equals(caller.kind())) {
			return 0;
		}
		return this.reading.page(caller, Optional.empty(), true, false, Optional.empty(), Optional.empty())
			.requests()
			.size();
	}

}
