package io.countersign.server.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.countersign.ledger.Hash;

/**
 * The ledger over a period, as a signed compliance report shows it: the signed
 * checkpoints around the period, the consistency proof between them, event counts by
 * type, and the ledger key's signature over a report. It answers whatever it is asked:
 * the caller decides who may see it.
 */
public interface LedgerSnapshots {

	/**
	 * The signed checkpoint (note) of the ledger as it stood at {@code at}: the last one
	 * signed at or before it, else (a ledger younger than {@code at}'s checkpoints) the
	 * first one signed after it, else one cut now.
	 */
	String checkpointAtOrBefore(Instant at);

	/**
	 * A signed checkpoint covering every entry up to {@code at}: the first one signed at
	 * or after it, else one cut now.
	 */
	String checkpointCovering(Instant at);

	/**
	 * The RFC 6962 consistency proof between the trees of {@code from} and {@code to}.
	 */
	List<Hash> consistencyProof(long from, long to);

	/**
	 * Entries by type with {@code ts} in {@code [from, to)}, from the indexed columns
	 * (which verification checks against the leaves): one index range count per type.
	 */
	Map<String, Long> countsByType(Instant from, Instant to);

	/**
	 * The ledger key's signed note over a compliance report's id and body SHA-256 (hex),
	 * in the report text of decision 029, which can never read as a checkpoint.
	 */
	String signComplianceReport(String reportId, String bodySha256);

}
