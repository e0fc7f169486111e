package io.countersign.ledger.evidence;

import java.util.Optional;

import io.countersign.ledger.approval.ApprovalState;

/**
 * An approval step that only moves the request's state (expiry, cancellation, the
 * execution claim and outcome, a rollback; and the POLICY_CHANGE_ events beside them):
 * the revision it names, when it names one, and the state it records.
 */
record StateChange(LoggedEvent at, Optional<Integer> revision, ApprovalState state) implements LoggedStep {

	static StateChange read(LoggedEvent at) throws TamperedEvidence {
		Details details = new Details(at);
		if (at.type().equals(ApprovalEvents.ROLLED_BACK)) {
			details.text("rolledBackBy");
		}
		return new StateChange(at, details.optionalPositive("revision"), ApprovalEvents.state(details));
	}

	@Override
	public ApprovalState recordedState() {
		return this.state;
	}

}
