package io.countersign.server.compliance.internal.reports;

import java.time.Instant;
import java.util.Optional;

/**
 * A report job as stored: what was asked, and how far it got.
 *
 * @param state {@code queued}, {@code running}, {@code ready} or {@code failed}
 * @param progress 0..100
 * @param stage what the job is doing (or did last)
 */
record ReportJob(String id, String framework, Instant from, Instant to, String format, Optional<String> email,
		String requestedBy, String requesterKind, Instant requestedAt, String state, int progress, String stage,
		Optional<String> error, Optional<String> sha256, Optional<Long> ledgerIndex, Optional<Instant> finishedAt,
		Optional<String> emailState, Optional<String> emailError) {

	/** A new job, queued. */
	static ReportJob queued(String id, String framework, Instant from, Instant to, String format,
			Optional<String> email, String requestedBy, String requesterKind, Instant at) {
		return new ReportJob(id, framework, from, to, format, email, requestedBy, requesterKind, at, "queued", 0,
				"queued", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
				Optional.empty());
	}

	String contentType() {
		return "pdf".equals(this.format) ? "application/pdf" : "application/json";
	}

	String fileName() {
		return "compliance-report-" + this.framework + "-" + this.id
				+ ("pdf".equals(this.format) ? ".pdf" : "oscal".equals(this.format) ? "-oscal.json" : ".json");
	}

}
