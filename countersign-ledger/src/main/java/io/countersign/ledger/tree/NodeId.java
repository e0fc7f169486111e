package io.countersign.ledger.tree;

/**
 * Names the perfect subtree at {@code level} covering leaves
 * {@code [index << level, (index + 1) << level)}; level 0 is a single leaf.
 */
public record NodeId(int level, long index) {

	public NodeId {
		if (level < 0 || level > 62) {
			throw new IllegalArgumentException("level must be in [0, 62], not " + level);
		}
		if (index < 0 || index > (Long.MAX_VALUE >> level)) {
			throw new IllegalArgumentException("index out of range: " + index + " at level " + level);
		}
	}

	/** The first leaf this node covers. */
	public long firstLeaf() {
		return this.index << this.level;
	}

	/** The leaf whose append completes this node (the row that stores it). */
	public long lastLeaf() {
		return ((this.index + 1) << this.level) - 1;
	}

	/** The number of leaves this node covers. */
	public long width() {
		return 1L << this.level;
	}

	@Override
	public String toString() {
		return "node(level " + this.level + ", index " + this.index + ")";
	}

}
