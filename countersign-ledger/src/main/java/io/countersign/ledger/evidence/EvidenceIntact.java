package io.countersign.ledger.evidence;

import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.note.Checkpoint;

/**
 * Every event of the package is proven under the signed checkpoint, the approval rules
 * hold, and every convenience file says what the events say.
 */
public record EvidenceIntact(String requestId, String actionType, ApprovalState state, int revisions, int decisions,
		int events, Checkpoint checkpoint) implements EvidenceResult {

}
