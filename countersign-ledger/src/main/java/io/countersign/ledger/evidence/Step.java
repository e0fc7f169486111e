package io.countersign.ledger.evidence;

import java.util.Optional;

import io.countersign.ledger.approval.ApprovalState;

/**
 * Any other approval step (expiry, cancellation, the execution claim and outcome, a
 * rollback): the revision it names, when it names one, and the state it records.
 */
record Step(LoggedEvent at, Optional<Integer> revision, ApprovalState state) {

	static Step read(LoggedEvent at) throws TamperedEvidence {
		Details details = new Details(at);
		if (at.type().equals(ApprovalEvents.ROLLED_BACK)) {
			details.text("rolledBackBy");
		}
		return new Step(at, details.optionalPositive("revision"), ApprovalEvents.state(details));
	}

}
