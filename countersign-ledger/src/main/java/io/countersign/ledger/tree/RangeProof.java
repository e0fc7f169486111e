package io.countersign.ledger.tree;

import java.util.List;

import io.countersign.ledger.Hash;

/**
 * Proves that leaves {@code [from, to)} sit at those positions in the tree of
 * {@code size}: the hashes of the maximal aligned perfect subtrees covering
 * {@code [0, from)} ({@code left}) and {@code [to, size)} ({@code right}), left to right.
 */
public record RangeProof(long from, long to, long size, List<Hash> left, List<Hash> right) {

	public RangeProof {
		if (from < 0 || from > to || to > size) {
			throw new IllegalArgumentException("need 0 <= from <= to <= size, got " + from + ", " + to + ", " + size);
		}
		left = List.copyOf(left);
		right = List.copyOf(right);
		if (left.size() != MerkleTree.cover(0, from).size()) {
			throw new IllegalArgumentException("left needs " + MerkleTree.cover(0, from).size() + " hashes");
		}
		if (right.size() != MerkleTree.cover(to, size).size()) {
			throw new IllegalArgumentException("right needs " + MerkleTree.cover(to, size).size() + " hashes");
		}
	}

	/** Recomputes the root of the size-{@code size} tree from the range's leaf hashes. */
	public Hash rootWith(List<Hash> leafHashesInRange) {
		if (leafHashesInRange.size() != this.to - this.from) {
			throw new IllegalArgumentException(
					"the range holds " + (this.to - this.from) + " leaves, not " + leafHashesInRange.size());
		}
		CompactRange range = start();
		leafHashesInRange.forEach(range::append);
		return rootAfter(range);
	}

	/** A compact range of size {@code from}, ready to take the range's leaf hashes. */
	public CompactRange start() {
		return CompactRange.of(this.from, this.left);
	}

	/**
	 * Completes a compact range that has taken every leaf of the range and returns the
	 * root.
	 */
	public Hash rootAfter(CompactRange afterRange) {
		if (afterRange.size() != this.to) {
			throw new IllegalArgumentException("the range ends at " + this.to + ", not " + afterRange.size());
		}
		CompactRange range = afterRange.copy();
		List<NodeId> ids = MerkleTree.cover(this.to, this.size);
		for (int i = 0; i < ids.size(); i++) {
			range.appendNode(ids.get(i).level(), this.right.get(i));
		}
		return range.root();
	}

}
