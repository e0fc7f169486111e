package io.countersign.server.audit.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.countersign.ledger.Hash;
import io.countersign.ledger.chain.ChainHmac;
import io.countersign.ledger.tree.CompactRange;

/**
 * The sequencing step, with no I/O: given the ledger's tip and the next events, assigns
 * each its index, keeps {@code ts} non-decreasing, computes its chain value and the tree
 * nodes it completes, and gives the new tip. What the sequencer writes is exactly what
 * this returns.
 *
 * <p>
 * Holds the chain key's HMAC, so one instance per thread (the sequencer's).
 */
final class Sequencing {

	private final ChainHmac chain;

	Sequencing(ChainHmac chain) {
		this.chain = chain;
	}

	/**
	 * One entry as sequenced; {@code subtreeHashes} holds the nodes of level 1 and above
	 * that it completes, lowest first, 32 bytes each: node (L, index >> L) at bytes [(L -
	 * 1) * 32, L * 32).
	 */
	record Entry(long index, PreparedEvent event, byte[] chain, byte[] subtreeHashes) {

	}

	/** The entries of one step, in index order, and the tip after them. */
	record Result(List<Entry> entries, LedgerTip tip) {

	}

	/** Sequences {@code events} after {@code tip}, in the order given. */
	Result sequence(LedgerTip tip, List<PreparedEvent> events) {
		CompactRange range = tip.frontier();
		byte[] lastChain = tip.lastChain();
		Instant lastTs = tip.lastTs();
		List<Entry> entries = new ArrayList<>(events.size());
		for (PreparedEvent event : events) {
			// a producer's clock may lag the one before it: never let time run backwards
			PreparedEvent prepared = event.event().ts().isBefore(lastTs) ? event.at(lastTs) : event;
			long index = range.size();
			byte[] leafHash = prepared.leafHash().bytes();
			List<Hash> completed = range.append(prepared.leafHash());
			byte[] subtreeHashes = new byte[completed.size() * Hash.SIZE];
			for (int level = 0; level < completed.size(); level++) {
				System.arraycopy(completed.get(level).bytes(), 0, subtreeHashes, level * Hash.SIZE, Hash.SIZE);
			}
			byte[] chainValue = new byte[Hash.SIZE];
			this.chain.next(lastChain, 0, lastChain.length, leafHash, 0, chainValue, 0);
			entries.add(new Entry(index, prepared, chainValue, subtreeHashes));
			lastChain = chainValue;
			lastTs = prepared.event().ts();
		}
		return new Result(entries, LedgerTip.of(range, lastChain, lastTs));
	}

}
