package io.countersign.server.audit;

import java.util.List;

import io.countersign.ledger.evidence.ProvenEntry;
import io.countersign.ledger.note.VerifierKey;

/**
 * Every ledger entry about one resource, in ledger order, each with its inclusion proof
 * in the tree of {@code checkpointNote}, a signed checkpoint that covers them all, and
 * the verifier key that signed it: what an offline verifier needs, and nothing it would
 * have to trust.
 */
public record ProvenHistory(List<ProvenEntry> entries, String checkpointNote, VerifierKey key) {

	public ProvenHistory {
		entries = List.copyOf(entries);
	}

}
