package io.countersign.ledger.evidence;

/**
 * What checking an evidence package (of an approval request or of an alert) found:
 * intact, or the first thing that fails.
 */
public sealed interface EvidenceResult permits EvidenceIntact, AlertEvidenceIntact, EvidenceTampered {

}
