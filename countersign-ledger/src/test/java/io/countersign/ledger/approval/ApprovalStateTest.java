// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static io.countersign.ledger.approval.ApprovalState.APPROVED;
import static io.countersign.ledger.approval.ApprovalState.CANCELLED;
import static io.countersign.ledger.approval.ApprovalState.EXECUTED;
import static io.countersign.ledger.approval.ApprovalState.EXECUTING;
import static io.countersign.ledger.approval.ApprovalState.EXPIRED;
import static io.countersign.ledger.approval.ApprovalState.FAILED;
import static io.countersign.ledger.approval.ApprovalState.REJECTED;
import static io.countersign.ledger.approval.ApprovalState.ROLLED_BACK;
import static io.countersign.ledger.approval.ApprovalState.UNDER_REVIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApprovalStateTest {

	// the issue's state machine, written out once more by hand
	private static final Map<ApprovalState, Set<ApprovalState>> ALLOWED = Map.of(UNDER_REVIEW,
			Set.of(APPROVED, REJECTED, EXPIRED, CANCELLED), APPROVED, Set.of(EXECUTING), EXECUTING,
			Set.of(EXECUTED, FAILED), EXECUTED, Set.of(ROLLED_BACK));

	@Test
	void exactlyTheIssuesTransitionsAreAllowed() {
		for (ApprovalState from : ApprovalState.values()) {
			for (ApprovalState to : ApprovalState.values()) {
				boolean allowed = ALLOWED.getOrDefault(from, Set.of()).contains(to);
				assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(allowed);
				if (allowed) {
					assertThat(from.moveTo(to)).isEqualTo(to);
				}
				else {
					assertThatExceptionOfType(InvalidStateTransition.class).isThrownBy(() -> from.moveTo(to))
						.withMessage("an approval request cannot move from " + from + " to " + to)
						.satisfies((ex) -> {
							assertThat(ex.from()).isEqualTo(from);
							assertThat(ex.to()).isEqualTo(to);
						});
				}
			}
		}
	}

	@Test
	void finalStatesAreTheOnesNothingLeaves() {
		assertThat(EnumSet.allOf(ApprovalState.class).stream().filter(ApprovalState::isFinal))
			.containsExactlyInAnyOrder(REJECTED, EXPIRED, CANCELLED, FAILED, ROLLED_BACK);
	}

}
