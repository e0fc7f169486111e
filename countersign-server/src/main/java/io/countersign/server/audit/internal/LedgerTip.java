package io.countersign.server.audit.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.Hash;
import io.countersign.ledger.chain.ChainHmac;
import io.countersign.ledger.tree.CompactRange;
import io.countersign.server.audit.TreeHead;
import io.countersign.server.audit.internal.LedgerWrites.Tail;

/**
 * The end of the ledger as sequencing needs it: the tree's frontier, the chain value and
 * the time of the last entry. A value: sequencing a batch makes a new tip and leaves this
 * one as it was.
 */
final class LedgerTip {

	private final CompactRange frontier;

	private final byte[] lastChain;

	private final Instant lastTs;

	private LedgerTip(CompactRange frontier, byte[] lastChain, Instant lastTs) {
		this.frontier = frontier;
		this.lastChain = lastChain;
		this.lastTs = lastTs;
	}

	/** The tip of the empty ledger. */
	static LedgerTip empty() {
		return new LedgerTip(CompactRange.empty(), ChainHmac.GENESIS.bytes(), Instant.EPOCH);
	}

	/**
	 * The tip after the entry {@code tail}, whose tree has the given frontier hashes
	 * ({@link CompactRange#frontier} of {@code tail.index() + 1}).
	 */
	static LedgerTip after(Tail tail, List<Hash> frontierHashes) {
		return new LedgerTip(CompactRange.of(tail.index() + 1, frontierHashes), tail.chain().clone(), tail.ts());
	}

	static LedgerTip of(CompactRange frontier, byte[] lastChain, Instant lastTs) {
		return new LedgerTip(frontier.copy(), lastChain.clone(), lastTs);
	}

	/** The number of entries. */
	long size() {
		return this.frontier.size();
	}

	/** A copy of the frontier, to append to. */
	CompactRange frontier() {
		return this.frontier.copy();
	}

	byte[] lastChain() {
		return this.lastChain.clone();
	}

	Instant lastTs() {
		return this.lastTs;
	}

	TreeHead head() {
		return new TreeHead(size(), this.frontier.root());
	}

	/** Whether the stored tail is the last entry of this tip (nobody else appended). */
	boolean continues(Optional<Tail> tail) {
		if (tail.isEmpty()) {
			return size() == 0;
		}
		return tail.get().index() == size() - 1 && Arrays.equals(tail.get().chain(), this.lastChain);
	}

}
