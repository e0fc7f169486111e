// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

/**
 * A decision the four-eyes rule does not allow, and whose it is.
 */
public record FourEyesViolation(Kind kind, PersonId person) {

	/** The ways to break the rule. */
	public enum Kind {

		/**
		 * The initiator decided on their own request (the server's ERR_SOLE_APPROVER).
		 */
		INITIATOR_DECIDED,

		/** A person decided a second time (only the first decision stands). */
		REPEATED_DECISION

	}

}
