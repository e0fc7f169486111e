package io.countersign.ledger.report;

/** Why a report is not intact. */
public enum ReportFailure {

	/** Not a report envelope (or a PDF or OSCAL document without exactly one). */
	REPORT_MALFORMED,

	/** The body's SHA-256 is not the one signed and logged. */
	REPORT_HASH,

	/** The signed note over the report does not verify, or names another report. */
	REPORT_SIGNATURE,

	/** A checkpoint does not verify with the key. */
	CHECKPOINT_SIGNATURE,

	/** A checkpoint is not a well-formed signed checkpoint of this log. */
	CHECKPOINT_MALFORMED,

	/** Two checkpoints are not of one append-only log. */
	CONSISTENCY_PROOF,

	/** The report's ledger event is not under the signed checkpoint. */
	INCLUSION_PROOF,

	/** The proven ledger event does not bind this report. */
	LEDGER_EVENT,

	/** The body hides a gap or drops the disclaimer. */
	REPORT_CONTENT

}
