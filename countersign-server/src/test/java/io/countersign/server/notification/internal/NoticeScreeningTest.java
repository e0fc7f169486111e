package io.countersign.server.notification.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.server.approval.RequestOverview;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The screen that lets a step skip reading its request must never hide a notice: for
 * every step the approval module records and every state it can leave a request in,
 * whenever the full classification would make a notice, the screen lets the step through.
 */
class NoticeScreeningTest {

	static final List<String> STEPS = List.of("ACTION_QUEUED", "ACTION_REVISED", "ACTION_APPROVED",
			"ACTION_AUTO_APPROVED", "ACTION_REJECTED", "ACTION_EXPIRED", "ACTION_CANCELLED", "ACTION_EXECUTION_STARTED",
			"ACTION_EXECUTION_SUCCEEDED", "ACTION_EXECUTION_FAILED", "ACTION_ROLLED_BACK", "POLICY_CHANGE_PROPOSED",
			"POLICY_CHANGE_REVIEWED", "POLICY_CHANGE_APPROVED", "POLICY_CHANGE_REJECTED", "POLICY_CHANGE_ACTIVATED",
			"POLICY_CHANGE_ROLLED_BACK");

	@Test
	void noStepThatMakesANoticeIsScreenedOut() {
		int notices = 0;
		for (String step : STEPS) {
			for (ApprovalState state : ApprovalState.values()) {
				for (boolean vetoed : List.of(false, true)) {
					Optional<NotificationEvent> notice = NotifyingPeople.classify(step, overview(state, vetoed));
					if (notice.isPresent()) {
						notices++;
						assertThat(NotifyingPeople.mayNotify(step, state)).as("%s leaving %s", step, state).isTrue();
					}
				}
			}
		}
		// the property is not vacuous: every kind of notice was reached
		assertThat(notices).isGreaterThan(STEPS.size());
	}

	@Test
	void aDecisionThatLeavesTheRequestOpenIsScreenedOut() {
		assertThat(NotifyingPeople.mayNotify("ACTION_APPROVED", ApprovalState.UNDER_REVIEW)).isFalse();
		assertThat(NotifyingPeople.mayNotify("ACTION_REJECTED", ApprovalState.UNDER_REVIEW)).isFalse();
		assertThat(NotifyingPeople.mayNotify("ACTION_APPROVED", ApprovalState.APPROVED)).isTrue();
		assertThat(NotifyingPeople.mayNotify("ACTION_REJECTED", ApprovalState.REJECTED)).isTrue();
		assertThat(NotifyingPeople.mayNotify("POLICY_CHANGE_REVIEWED", ApprovalState.UNDER_REVIEW)).isFalse();
	}

	private static RequestOverview overview(ApprovalState state, boolean vetoed) {
		return new RequestOverview(ApprovalRequestId.of("01a24e96-693d-701f-9fbb-97a14d9f1b69"), "secret.rotate",
				"Rotate a secret", state, 1, "alice", "alice", "Quarterly rotation of the database secret",
				Instant.parse("2026-12-08T00:00:00Z"), Set.of("bob", "carol"), vetoed);
	}

}
