package io.countersign.ledger.tree;

import java.util.ArrayList;
import java.util.List;

import io.countersign.ledger.Hash;

/**
 * The right edge of a tree (its "frontier"): the hashes of the perfect subtrees that make
 * up leaves {@code [0, size)}, enough to append and to compute the root in O(log n)
 * memory.
 */
public final class CompactRange {

	private long size;

	private final ArrayList<Hash> hashes;

	private CompactRange(long size, List<Hash> hashes) {
		this.size = size;
		this.hashes = new ArrayList<>(hashes);
	}

	public static CompactRange empty() {
		return new CompactRange(0, List.of());
	}

	/** The perfect subtrees that make up {@code [0, size)}, largest (leftmost) first. */
	public static List<NodeId> frontier(long size) {
		return MerkleTree.cover(0, size);
	}

	/** Restores a range from the hashes of {@link #frontier(long)}, in that order. */
	public static CompactRange of(long size, List<Hash> frontierHashes) {
		if (size < 0) {
			throw new IllegalArgumentException("size must not be negative: " + size);
		}
		if (frontierHashes.size() != Long.bitCount(size)) {
			throw new IllegalArgumentException("a frontier of size " + size + " has " + Long.bitCount(size)
					+ " hashes, not " + frontierHashes.size());
		}
		return new CompactRange(size, frontierHashes);
	}

	/**
	 * Appends a leaf hash and returns the hashes of the nodes it completes, levels 1..k,
	 * lowest first (the nodes {@link MerkleTree#completedBy(long)} names).
	 */
	public List<Hash> append(Hash leafHash) {
		return appendNode(0, leafHash);
	}

	/**
	 * Appends a whole perfect subtree at the right edge; the current size must be a
	 * multiple of its width.
	 */
	List<Hash> appendNode(int level, Hash nodeHash) {
		long width = 1L << level;
		if (this.size % width != 0) {
			throw new IllegalArgumentException(
					"a level-" + level + " node cannot start at " + this.size + ": not aligned");
		}
		List<Hash> completed = new ArrayList<>();
		Hash hash = nodeHash;
		// Each trailing one bit of size >> level is a left sibling waiting on the
		// frontier.
		for (long bits = this.size >> level; (bits & 1) == 1; bits >>= 1) {
			hash = Rfc6962.nodeHash(this.hashes.remove(this.hashes.size() - 1), hash);
			completed.add(hash);
		}
		this.hashes.add(hash);
		this.size += width;
		return completed;
	}

	public long size() {
		return this.size;
	}

	/** The frontier hashes, in {@link #frontier(long)} order. */
	public List<Hash> hashes() {
		return List.copyOf(this.hashes);
	}

	public Hash root() {
		return MerkleTree.rootOfSubtrees(this.hashes);
	}

	public CompactRange copy() {
		return new CompactRange(this.size, this.hashes);
	}

}
