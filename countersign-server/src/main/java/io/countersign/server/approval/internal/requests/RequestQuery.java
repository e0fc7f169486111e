package io.countersign.server.approval.internal.requests;

import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;

/**
 * Which requests to list: by state, those waiting for a person's decision, those a person
 * initiated; {@code after} is the last id of the previous page.
 */
public record RequestQuery(Optional<ApprovalState> state, Optional<Waiting> waitingFor, Optional<String> initiatedBy,
		Optional<ApprovalRequestId> after, int limit) {

	/**
	 * Under review, not initiated or decided (this revision) by them, and theirs to
	 * decide.
	 */
	public record Waiting(String person, Set<String> roles) {

	}

}
