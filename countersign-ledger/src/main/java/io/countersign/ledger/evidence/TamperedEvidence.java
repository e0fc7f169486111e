package io.countersign.ledger.evidence;

/**
 * Stops reading or judging a package at the first failure; the verifier turns it into an
 * {@link EvidenceTampered} result.
 */
final class TamperedEvidence extends Exception {

	private static final long serialVersionUID = 1L;

	private final EvidenceTampered result;

	TamperedEvidence(EvidenceFailure failure, String detail) {
		super(failure + ": " + detail, null, false, false);
		this.result = new EvidenceTampered(failure, detail);
	}

	EvidenceTampered result() {
		return this.result;
	}

}
