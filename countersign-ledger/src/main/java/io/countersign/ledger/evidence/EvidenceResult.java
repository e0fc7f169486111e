package io.countersign.ledger.evidence;

/**
 * What checking an evidence package found: intact, or the first thing that fails.
 */
public sealed interface EvidenceResult permits EvidenceIntact, EvidenceTampered {

}
