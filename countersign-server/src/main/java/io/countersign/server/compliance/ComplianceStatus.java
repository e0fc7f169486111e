package io.countersign.server.compliance;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Where each framework stands, for the API, the console and reports. It answers whatever
 * it is asked: the caller decides who may see it ({@code compliance:read}).
 */
public interface ComplianceStatus {

	/** Every framework in the catalog as last evaluated. */
	List<FrameworkStatus> frameworks();

	/** One framework as last evaluated; empty for an unknown id. */
	Optional<FrameworkStatus> framework(String id);

	/** A framework's daily scores in {@code [from, to]}, oldest first. */
	List<ScorePoint> history(String frameworkId, LocalDate from, LocalDate to);

	/**
	 * The latest evaluation run: what {@link #frameworks()} reports, the SHA-256 of its
	 * results and the ledger entry recording it (added by the checks' implementation; a
	 * stand-in answers none).
	 */
	default Optional<EvaluationSummary> lastEvaluation() {
		return Optional.empty();
	}

	/**
	 * An evaluation run.
	 *
	 * @param id the run's id (the resource id of its ledger event,
	 * {@code compliance_evaluation})
	 * @param evaluatedAt when its checks ran
	 * @param evaluatedBy the account that asked, or {@code countersign} for the schedule
	 * @param catalogVersion the catalog's version it used
	 * @param resultsSha256 the SHA-256 (hex) of its results as stored, also on the ledger
	 * @param ledgerIndex its {@code compliance_checks_evaluated} entry, once appended
	 */
	record EvaluationSummary(String id, java.time.Instant evaluatedAt, String evaluatedBy, String catalogVersion,
			String resultsSha256, Optional<Long> ledgerIndex) {

	}

}
