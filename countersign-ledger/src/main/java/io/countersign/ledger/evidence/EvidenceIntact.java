package io.countersign.ledger.evidence;

import java.util.List;

import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.note.Checkpoint;

/**
 * Every event of the package is proven under the signed checkpoint, the approval rules
 * hold, and every convenience file says what the events say. {@code decisions} counts the
 * signed decisions; {@code autoApprovals} names each approval by a standing rule, which
 * no person's key signed: the rule's creation event is its evidence.
 */
public record EvidenceIntact(String requestId, String actionType, ApprovalState state, int revisions, int decisions,
		int events, Checkpoint checkpoint, List<String> autoApprovals) implements EvidenceResult {

	public EvidenceIntact {
		autoApprovals = List.copyOf(autoApprovals);
	}

}
