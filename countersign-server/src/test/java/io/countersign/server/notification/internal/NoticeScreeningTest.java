package io.countersign.server.notification.internal;

import java.util.List;

import io.countersign.ledger.approval.ApprovalState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which notice a step makes is decided from its type and the state it left the request
 * in, before anything is read: a decision that leaves the request open makes none, one
 * that decides it always makes one, and steps without a notice make none in any state.
 */
class NoticeScreeningTest {

	static final List<String> SILENT_STEPS = List.of("ACTION_CANCELLED", "ACTION_EXECUTION_STARTED",
			"ACTION_ROLLED_BACK", "POLICY_CHANGE_PROPOSED", "POLICY_CHANGE_REVIEWED", "POLICY_CHANGE_APPROVED",
			"POLICY_CHANGE_REJECTED", "POLICY_CHANGE_ACTIVATED", "POLICY_CHANGE_ROLLED_BACK");

	@Test
	void aDecisionThatLeavesTheRequestOpenMakesNoNotice() {
		assertThat(NotifyingPeople.classify("ACTION_APPROVED", ApprovalState.UNDER_REVIEW)).isEmpty();
		assertThat(NotifyingPeople.classify("ACTION_AUTO_APPROVED", ApprovalState.UNDER_REVIEW)).isEmpty();
		assertThat(NotifyingPeople.classify("ACTION_REJECTED", ApprovalState.UNDER_REVIEW)).isEmpty();
	}

	@Test
	void aDecisionThatDecidesTheRequestAlwaysMakesOne() {
		for (ApprovalState state : ApprovalState.values()) {
			if (state == ApprovalState.UNDER_REVIEW) {
				continue;
			}
			assertThat(NotifyingPeople.classify("ACTION_APPROVED", state)).as("%s", state)
				.contains(NotificationEvent.APPROVED);
			assertThat(NotifyingPeople.classify("ACTION_AUTO_APPROVED", state)).as("%s", state)
				.contains(NotificationEvent.APPROVED);
			// a veto is told apart once the request is read (NotificationChannelsTest)
			assertThat(NotifyingPeople.classify("ACTION_REJECTED", state)).as("%s", state)
				.contains(NotificationEvent.REJECTED);
		}
	}

	@Test
	void stepsThatAlwaysNotifyDoSoInEveryStateAndTheRestNever() {
		for (ApprovalState state : ApprovalState.values()) {
			assertThat(NotifyingPeople.classify("ACTION_QUEUED", state)).contains(NotificationEvent.REQUESTED);
			assertThat(NotifyingPeople.classify("ACTION_REVISED", state)).contains(NotificationEvent.REVISED);
			assertThat(NotifyingPeople.classify("ACTION_EXECUTION_SUCCEEDED", state))
				.contains(NotificationEvent.EXECUTED);
			assertThat(NotifyingPeople.classify("ACTION_EXECUTION_FAILED", state)).contains(NotificationEvent.FAILED);
			assertThat(NotifyingPeople.classify("ACTION_EXPIRED", state)).contains(NotificationEvent.EXPIRED);
			for (String step : SILENT_STEPS) {
				assertThat(NotifyingPeople.classify(step, state)).as("%s leaving %s", step, state).isEmpty();
			}
		}
	}

}
