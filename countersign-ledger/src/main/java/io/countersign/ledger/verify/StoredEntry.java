package io.countersign.ledger.verify;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.countersign.ledger.Hash;

/**
 * One stored ledger row as read back: the leaf, what the store claims about it, and the
 * subtree hashes it stores ({@code MerkleTree.completedBy(index)}, lowest first).
 */
public record StoredEntry(long index, byte[] leaf, Hash leafHash, Optional<Hash> chain, int keyVersion,
		List<Hash> subtreeHashes) {

	public StoredEntry {
		Objects.requireNonNull(leaf, "leaf");
		Objects.requireNonNull(leafHash, "leafHash");
		Objects.requireNonNull(chain, "chain");
		subtreeHashes = List.copyOf(subtreeHashes);
	}

}
