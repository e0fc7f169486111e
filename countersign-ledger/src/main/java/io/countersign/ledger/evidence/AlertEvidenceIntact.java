package io.countersign.ledger.evidence;

import io.countersign.ledger.note.Checkpoint;

/**
 * Every entry an alert cites is proven under the signed checkpoint, and alert.json cites
 * exactly those entries.
 */
public record AlertEvidenceIntact(String alertId, String rule, String subject, int entries,
		Checkpoint checkpoint) implements EvidenceResult {

}
