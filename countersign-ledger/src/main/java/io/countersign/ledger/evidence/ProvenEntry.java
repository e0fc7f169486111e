package io.countersign.ledger.evidence;

import java.util.List;

import io.countersign.ledger.Hash;

/**
 * One ledger entry as an evidence package carries it: its index, the exact leaf bytes
 * that were logged, and its RFC 9162 §2.1.3 inclusion proof (audit path) in the tree of
 * the package's checkpoint.
 */
public record ProvenEntry(long index, byte[] leaf, List<Hash> auditPath) {

	public ProvenEntry {
		if (index < 0) {
			throw new IllegalArgumentException("index must not be negative: " + index);
		}
		leaf = leaf.clone();
		auditPath = List.copyOf(auditPath);
	}

	@Override
	public byte[] leaf() {
		return this.leaf.clone();
	}

}
