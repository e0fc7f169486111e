package io.countersign.server.approval.internal.requests;

import java.util.List;
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
	 * Under review, not initiated or decided (this revision) by {@code person}, and
	 * theirs to decide: with their own {@code roles}, or for someone who delegated it to
	 * them ({@code onBehalfOf}).
	 */
	public record Waiting(String person, Set<String> roles, List<OnBehalfOf> onBehalfOf) {

		public Waiting {
			roles = Set.copyOf(roles);
			onBehalfOf = List.copyOf(onBehalfOf);
		}

	}

	/**
	 * A delegation in force to the person waiting: {@code delegator} with the roles they
	 * hold now, for {@code actionTypes} (empty: every action type).
	 */
	public record OnBehalfOf(String delegator, Set<String> roles, List<String> actionTypes) {

		public OnBehalfOf {
			roles = Set.copyOf(roles);
			actionTypes = List.copyOf(actionTypes);
		}

	}

}
