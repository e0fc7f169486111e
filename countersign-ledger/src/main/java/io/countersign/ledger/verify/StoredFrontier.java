package io.countersign.ledger.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.countersign.ledger.Hash;
import io.countersign.ledger.tree.MerkleTree;

/**
 * The right edge of the tree (the hashes of the perfect subtrees covering {@code [0,
 * size)}, largest first) built from stored values, without hashing: appending entry
 * {@code i} replaces the top {@code k} hashes ({@code k} = trailing one bits of
 * {@code i}) by the highest node the entry stores, or by its leaf hash when it completes
 * none.
 *
 * <p>
 * Every stored node is checked from its two children, the left one read from here; as
 * long as every check before an entry passed, this edge equals the computed one, so the
 * checks of a run of entries need only the edge before it and the stored chain value
 * before it, not the entries before it.
 */
final class StoredFrontier {

	// A tree of up to 2^63 leaves has at most 63 perfect subtrees on its edge.
	private final byte[] hashes = new byte[64 * Hash.SIZE];

	private int count;

	int count() {
		return this.count;
	}

	byte[] hashes() {
		return this.hashes;
	}

	/** Where the {@code level}-th hash from the right (1 = rightmost) starts. */
	int fromRight(int level) {
		return (this.count - level) * Hash.SIZE;
	}

	void copyFrom(StoredFrontier other) {
		this.count = other.count;
		System.arraycopy(other.hashes, 0, this.hashes, 0, other.count * Hash.SIZE);
	}

	/**
	 * Appends an entry that completes {@code completed} nodes, whose highest node (or
	 * leaf hash) is at {@code top} in {@code source}.
	 */
	void append(int completed, byte[] source, int top) {
		this.count -= completed;
		System.arraycopy(source, top, this.hashes, this.count * Hash.SIZE, Hash.SIZE);
		this.count++;
	}

	Hash root() {
		List<Hash> subtrees = new ArrayList<>(this.count);
		for (int i = 0; i < this.count; i++) {
			subtrees.add(hash(i));
		}
		return MerkleTree.rootOfSubtrees(subtrees);
	}

	private Hash hash(int slot) {
		return Hash.of(Arrays.copyOfRange(this.hashes, slot * Hash.SIZE, (slot + 1) * Hash.SIZE));
	}

}
