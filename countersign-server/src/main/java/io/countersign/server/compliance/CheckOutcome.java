package io.countersign.server.compliance;

/** What an automated check concluded from live data. */
public enum CheckOutcome {

	/** The fact holds. */
	PASSED,

	/** The fact holds in part (e.g. 3 of 4 admins enrolled in MFA). */
	PARTIAL,

	/** The fact does not hold. */
	FAILED,

	/** The check cannot see the fact it needs; the control becomes a manual one. */
	CANNOT_VERIFY

}
