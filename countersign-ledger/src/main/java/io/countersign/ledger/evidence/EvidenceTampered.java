package io.countersign.ledger.evidence;

/**
 * The first failure found in an evidence package, and what differs.
 */
public record EvidenceTampered(EvidenceFailure failure, String detail) implements EvidenceResult {

	/** One line for people: the failure and what fails. */
	public String summary() {
		return this.failure + ": " + this.detail;
	}

}
