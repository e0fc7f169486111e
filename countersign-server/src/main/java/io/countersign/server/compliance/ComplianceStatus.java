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
	 * Runs every automated check now, records the results (and their ledger event), and
	 * answers the frameworks as they then stand.
	 * @param by the account that asked, or {@code countersign} for the schedule
	 */
	List<FrameworkStatus> evaluateNow(String by);

}
