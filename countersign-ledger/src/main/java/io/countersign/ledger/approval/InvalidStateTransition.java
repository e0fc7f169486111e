// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

/**
 * A request asked to move between two states that {@link ApprovalState} does not connect
 * (the server's ERR_INVALID_STATE_TRANSITION).
 */
public final class InvalidStateTransition extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final ApprovalState from;

	private final ApprovalState to;

	InvalidStateTransition(ApprovalState from, ApprovalState to) {
		super("an approval request cannot move from " + from + " to " + to);
		this.from = from;
		this.to = to;
	}

	public ApprovalState from() {
		return this.from;
	}

	public ApprovalState to() {
		return this.to;
	}

}
