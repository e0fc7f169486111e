package io.countersign.ledger.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.Hash;
import io.countersign.ledger.chain.ChainHmac;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.tree.CompactRange;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.ledger.tree.NodeId;
import io.countersign.ledger.tree.Rfc6962;

/**
 * Re-derives every leaf hash, chain value, stored subtree hash and checkpoint root from a
 * stream of stored entries, in O(log n) memory, and names the first entry that differs.
 *
 * <p>
 * Checkpoints must be signed by {@code checkpointKey} and carry its name as origin. Feed
 * entries in index order with {@link #accept(StoredEntry)}, then call {@link #finish()}.
 */
public final class LedgerVerifier {

	private final Optional<ChainKeys> chainKeys;

	private final Deque<Checkpoint> pending = new ArrayDeque<>();

	private final String origin;

	private final CompactRange tree = CompactRange.empty();

	private Hash chain = ChainHmac.GENESIS;

	private long checkpointsChecked;

	private Optional<Checkpoint> latest = Optional.empty();

	private Optional<Tampered> failure = Optional.empty();

	public LedgerVerifier(VerifierKey checkpointKey, Optional<ChainKeys> chainKeys, List<SignedCheckpoint> checkpoints,
			Optional<Checkpoint> trusted) {
		this.chainKeys = chainKeys;
		this.origin = checkpointKey.name();
		List<Checkpoint> opened = new ArrayList<>();
		for (SignedCheckpoint signed : checkpoints) {
			OpenedCheckpoint result = OpenedCheckpoint.open(signed, checkpointKey);
			if (result instanceof OpenedCheckpoint.Rejected rejected) {
				this.failure = Optional.of(rejected.tampered());
				return;
			}
			opened.add(((OpenedCheckpoint.Verified) result).checkpoint());
		}
		trusted.ifPresent(opened::add);
		opened.sort(Comparator.comparingLong(Checkpoint::size));
		this.pending.addAll(opened);
		checkRootsAtCurrentSize();
	}

	/**
	 * Checks the next entry; returns false once a failure has been found, after which
	 * further entries are ignored.
	 */
	public boolean accept(StoredEntry entry) {
		if (this.failure.isPresent()) {
			return false;
		}
		this.failure = check(entry);
		if (this.failure.isEmpty()) {
			checkRootsAtCurrentSize();
		}
		return this.failure.isEmpty();
	}

	public VerifyResult finish() {
		if (this.failure.isPresent()) {
			return this.failure.get();
		}
		if (!this.pending.isEmpty()) {
			Checkpoint beyond = this.pending.peekLast();
			return Tampered.at(this.tree.size(), Failure.TRUNCATED,
					"a checkpoint covers " + beyond.size() + " entries but the ledger ends after " + this.tree.size());
		}
		Checkpoint computed = new Checkpoint(this.origin, this.tree.size(), this.tree.root());
		return new Intact(this.tree.size(), this.checkpointsChecked, this.latest.orElse(computed));
	}

	private Optional<Tampered> check(StoredEntry entry) {
		long expected = this.tree.size();
		if (entry.index() != expected) {
			return Optional.of(Tampered.at(expected, Failure.INDEX_GAP,
					"expected entry " + expected + " but the next stored entry is " + entry.index()));
		}
		Hash leafHash = Rfc6962.leafHash(entry.leaf());
		if (!leafHash.equals(entry.leafHash())) {
			return Optional.of(Tampered.at(expected, Failure.LEAF_HASH_MISMATCH,
					"stored leaf hash " + entry.leafHash() + ", leaf hashes to " + leafHash));
		}
		Optional<String> problem = CanonicalLeaf.problem(entry.leaf());
		if (problem.isPresent()) {
			return Optional.of(Tampered.at(expected, Failure.LEAF_NOT_CANONICAL, problem.get()));
		}
		if (this.chainKeys.isPresent()) {
			Optional<Tampered> chainFailure = checkChain(entry, leafHash);
			if (chainFailure.isPresent()) {
				return chainFailure;
			}
		}
		return checkNodes(entry, leafHash);
	}

	private Optional<Tampered> checkChain(StoredEntry entry, Hash leafHash) {
		Optional<byte[]> key = this.chainKeys.get().key(entry.keyVersion());
		if (key.isEmpty()) {
			return Optional.of(Tampered.at(entry.index(), Failure.UNKNOWN_KEY_VERSION,
					"no chain key of version " + entry.keyVersion()));
		}
		Hash expected = ChainHmac.next(key.get(), this.chain, leafHash);
		if (entry.chain().isEmpty()) {
			return Optional
				.of(Tampered.at(entry.index(), Failure.CHAIN_MISMATCH, "no chain value stored, expected " + expected));
		}
		if (!expected.equals(entry.chain().get())) {
			return Optional.of(Tampered.at(entry.index(), Failure.CHAIN_MISMATCH,
					"stored chain " + entry.chain().get() + ", expected " + expected));
		}
		this.chain = expected;
		return Optional.empty();
	}

	private Optional<Tampered> checkNodes(StoredEntry entry, Hash leafHash) {
		List<NodeId> ids = MerkleTree.completedBy(entry.index());
		List<Hash> computed = this.tree.append(leafHash);
		List<Hash> stored = entry.subtreeHashes();
		if (stored.size() != computed.size()) {
			return Optional.of(Tampered.at(entry.index(), Failure.NODE_MISMATCH,
					"stores " + stored.size() + " subtree hashes, expected " + computed.size()));
		}
		for (int i = 0; i < computed.size(); i++) {
			if (!computed.get(i).equals(stored.get(i))) {
				return Optional.of(Tampered.at(entry.index(), Failure.NODE_MISMATCH,
						ids.get(i) + " stored " + stored.get(i) + ", computed " + computed.get(i)));
			}
		}
		return Optional.empty();
	}

	private void checkRootsAtCurrentSize() {
		while (this.failure.isEmpty() && !this.pending.isEmpty()
				&& this.pending.peekFirst().size() == this.tree.size()) {
			Checkpoint checkpoint = this.pending.removeFirst();
			Hash root = this.tree.root();
			if (!root.equals(checkpoint.root())) {
				long size = checkpoint.size();
				String detail = "checkpoint of size " + size + " has root " + checkpoint.root() + ", entries give "
						+ root;
				this.failure = Optional.of((size > 0) ? Tampered.at(size - 1, Failure.CHECKPOINT_ROOT_MISMATCH, detail)
						: Tampered.nowhere(Failure.CHECKPOINT_ROOT_MISMATCH, detail));
				return;
			}
			this.checkpointsChecked++;
			this.latest = Optional.of(checkpoint);
		}
	}

}
