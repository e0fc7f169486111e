package io.countersign.server.compliance;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One automated check's result, as recorded.
 *
 * @param check the check's id (shared by the controls that use it), e.g.
 * {@code admin-mfa}
 * @param outcome what it concluded
 * @param explanation one or two sentences for people: what it looked at and found
 * @param facts the raw values it looked at (counts, names, settings), JSON-ready
 * @param ledgerIndexes ledger entries it cites as evidence (e.g. the last verification)
 * @param checkedAt when it ran
 */
public record CheckResult(String check, CheckOutcome outcome, String explanation, Map<String, Object> facts,
		List<Long> ledgerIndexes, Instant checkedAt) {

	public CheckResult {
		// in the order the check gave them: they are shown and reported in that order
		facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
		ledgerIndexes = List.copyOf(ledgerIndexes);
	}

}
