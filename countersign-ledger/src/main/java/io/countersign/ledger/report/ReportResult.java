package io.countersign.ledger.report;

import io.countersign.ledger.note.Checkpoint;

/** What the verifier concluded about a signed report. */
public sealed interface ReportResult permits ReportResult.Intact, ReportResult.Tampered {

	/**
	 * Every check passed.
	 *
	 * @param carrier what held the report: {@code json}, {@code pdf} or {@code oscal}
	 */
	record Intact(String reportId, String framework, String from, String to, int controls, int gaps, long eventIndex,
			Checkpoint start, Checkpoint end, Checkpoint checkpoint, String carrier) implements ReportResult {
	}

	/** The first failure found. */
	record Tampered(ReportFailure failure, String detail) implements ReportResult {

		public String summary() {
			return this.failure + ": " + this.detail;
		}

	}

}
