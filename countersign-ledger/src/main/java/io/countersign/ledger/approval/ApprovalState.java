// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of an approval request; {@link #canMoveTo} holds the only transitions there
 * are, so a server cannot invent another.
 */
public enum ApprovalState {

	UNDER_REVIEW, APPROVED, REJECTED, EXPIRED, CANCELLED, EXECUTING, EXECUTED, FAILED,
	/** A linked rollback request executed. */
	ROLLED_BACK;

	/** The states this one may move to (none for a final state). */
	public Set<ApprovalState> next() {
		return switch (this) {
			case UNDER_REVIEW -> EnumSet.of(APPROVED, REJECTED, EXPIRED, CANCELLED);
			case APPROVED -> EnumSet.of(EXECUTING);
			case EXECUTING -> EnumSet.of(EXECUTED, FAILED);
			case EXECUTED -> EnumSet.of(ROLLED_BACK);
			case REJECTED, EXPIRED, CANCELLED, FAILED, ROLLED_BACK -> EnumSet.noneOf(ApprovalState.class);
		};
	}

	public boolean canMoveTo(ApprovalState target) {
		return next().contains(target);
	}

	/**
	 * {@code target}, if this state may move there; else {@link InvalidStateTransition}.
	 */
	public ApprovalState moveTo(ApprovalState target) {
		if (!canMoveTo(target)) {
			throw new InvalidStateTransition(this, target);
		}
		return target;
	}

	/** No transition leaves this state. */
	public boolean isFinal() {
		return next().isEmpty();
	}

}
