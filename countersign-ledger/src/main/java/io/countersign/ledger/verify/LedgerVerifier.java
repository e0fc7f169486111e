package io.countersign.ledger.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

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
 *
 * <p>
 * A verifier made with leaf threads checks each leaf's hash and canonical form on those
 * threads, in parallel with the checks that must run in order (chain, tree, checkpoints);
 * the result is the same as without them (the lowest failing index, and at one index the
 * checks in the same order). Such a verifier must be {@link #close() closed}.
 */
public final class LedgerVerifier implements AutoCloseable {

	private final Optional<ChainKeys> chainKeys;

	/** One initialised HMAC per key version met so far. */
	private final Map<Integer, ChainHmac> chainHmacs = new HashMap<>();

	private final Optional<ConcurrentLeafCheck> concurrentLeafChecks;

	private final Deque<Checkpoint> pending = new ArrayDeque<>();

	private final String origin;

	private final CompactRange tree = CompactRange.empty();

	private Hash chain = ChainHmac.GENESIS;

	private long checkpointsChecked;

	private Optional<Checkpoint> latest = Optional.empty();

	private Optional<Tampered> failure = Optional.empty();

	public LedgerVerifier(VerifierKey checkpointKey, Optional<ChainKeys> chainKeys, List<SignedCheckpoint> checkpoints,
			Optional<Checkpoint> trusted) {
		this(checkpointKey, chainKeys, checkpoints, trusted, 0);
	}

	/**
	 * @param leafThreads threads that check leaf hashes and canonical form while the
	 * caller's thread checks the rest; 0 to check everything on the caller's thread
	 */
	public LedgerVerifier(VerifierKey checkpointKey, Optional<ChainKeys> chainKeys, List<SignedCheckpoint> checkpoints,
			Optional<Checkpoint> trusted, int leafThreads) {
		this.chainKeys = chainKeys;
		this.concurrentLeafChecks = (leafThreads > 0) ? Optional.of(new ConcurrentLeafCheck(leafThreads))
				: Optional.empty();
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

	/**
	 * Records that the caller could not even read an entry into a {@link StoredEntry}
	 * (for example a stored hash of the wrong length); {@link #finish()} reports it
	 * unless an earlier failure was found.
	 */
	public void reject(Tampered unreadable) {
		if (this.failure.isEmpty()) {
			this.failure = Optional.of(unreadable);
		}
	}

	public VerifyResult finish() {
		Optional<Tampered> leafFailure = this.concurrentLeafChecks.flatMap(ConcurrentLeafCheck::firstFailure);
		if (leafFailure.isPresent() && precedesFailure(leafFailure.get())) {
			return leafFailure.get();
		}
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

	/** Stops the leaf threads, if any. */
	@Override
	public void close() {
		this.concurrentLeafChecks.ifPresent(ConcurrentLeafCheck::close);
	}

	// A leaf is queued for the leaf checks only after the index check passed, and none
	// after the first failure found in order; at one index the leaf checks come first,
	// then chain, nodes and checkpoints. So a leaf failure at an index up to the failure
	// found in order is the one the sequential verifier would have reported.
	private boolean precedesFailure(Tampered leafFailure) {
		if (this.failure.isEmpty()) {
			return true;
		}
		OptionalLong at = this.failure.get().index();
		return at.isPresent() && leafFailure.index().getAsLong() <= at.getAsLong();
	}

	private Optional<Tampered> check(StoredEntry entry) {
		long expected = this.tree.size();
		if (entry.index() != expected) {
			return Optional.of(Tampered.at(expected, Failure.INDEX_GAP,
					"expected entry " + expected + " but the next stored entry is " + entry.index()));
		}
		Optional<Tampered> leafFailure = checkLeaf(entry);
		if (leafFailure.isPresent()) {
			return leafFailure;
		}
		// Checked already (inline), or being checked (by a worker, whose failure at this
		// index or before outranks whatever the checks below find): either way the stored
		// leaf hash is the one to chain and to build the tree from.
		Hash leafHash = entry.leafHash();
		if (this.chainKeys.isPresent()) {
			Optional<Tampered> chainFailure = checkChain(entry, leafHash);
			if (chainFailure.isPresent()) {
				return chainFailure;
			}
		}
		return checkNodes(entry, leafHash);
	}

	private Optional<Tampered> checkLeaf(StoredEntry entry) {
		if (this.concurrentLeafChecks.isEmpty()) {
			return checkLeaf(entry.index(), entry.leaf(), entry.leafHash());
		}
		ConcurrentLeafCheck concurrent = this.concurrentLeafChecks.get();
		concurrent.submit(entry.index(), entry.leaf(), entry.leafHash());
		// A failure a worker already found stops us when we reach its index (not before:
		// an earlier entry may still fail another check).
		return concurrent.failureSoFar().filter((found) -> found.index().getAsLong() <= entry.index());
	}

	/** The checks of one leaf on its own: its stored hash, then its canonical form. */
	static Optional<Tampered> checkLeaf(long index, byte[] leaf, Hash storedLeafHash) {
		Hash leafHash = Rfc6962.leafHash(leaf);
		if (!leafHash.equals(storedLeafHash)) {
			return Optional.of(Tampered.at(index, Failure.LEAF_HASH_MISMATCH,
					"stored leaf hash " + storedLeafHash + ", leaf hashes to " + leafHash));
		}
		return CanonicalLeaf.problem(leaf).map((problem) -> Tampered.at(index, Failure.LEAF_NOT_CANONICAL, problem));
	}

	private Optional<Tampered> checkChain(StoredEntry entry, Hash leafHash) {
		ChainHmac hmac = this.chainHmacs.get(entry.keyVersion());
		if (hmac == null) {
			Optional<byte[]> key = this.chainKeys.get().key(entry.keyVersion());
			if (key.isEmpty()) {
				return Optional.of(Tampered.at(entry.index(), Failure.UNKNOWN_KEY_VERSION,
						"no chain key of version " + entry.keyVersion()));
			}
			hmac = ChainHmac.withKey(key.get());
			this.chainHmacs.put(entry.keyVersion(), hmac);
		}
		Hash expected = hmac.next(this.chain, leafHash);
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
		List<Hash> computed = this.tree.append(leafHash);
		List<Hash> stored = entry.subtreeHashes();
		if (stored.size() != computed.size()) {
			return Optional.of(Tampered.at(entry.index(), Failure.NODE_MISMATCH,
					"stores " + stored.size() + " subtree hashes, expected " + computed.size()));
		}
		for (int i = 0; i < computed.size(); i++) {
			if (!computed.get(i).equals(stored.get(i))) {
				List<NodeId> ids = MerkleTree.completedBy(entry.index());
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
