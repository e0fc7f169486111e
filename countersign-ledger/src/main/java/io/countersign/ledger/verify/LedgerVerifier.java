package io.countersign.ledger.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntFunction;

import io.countersign.ledger.Hash;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.VerifierKey;

/**
 * Re-derives every leaf hash, chain value, stored subtree hash and checkpoint root from a
 * stream of stored entries, in O(log n) memory, and names the first entry that differs.
 *
 * <p>
 * Checkpoints must be signed by {@code checkpointKey} and carry its name as origin. Feed
 * entries in index order, either one by one with {@link #accept(StoredEntry)} or in
 * batches ({@link #batch()}, {@link #accept(EntryBatch)}; no allocation per entry), then
 * call {@link #finish()}.
 *
 * <p>
 * Every check of an entry depends only on the entry and on stored values before it: the
 * previous entry's stored chain value and the stored right edge of the tree
 * ({@link StoredFrontier}). If every check before an entry passed, those stored values
 * are the computed ones, so checking against them finds the same first failure, with the
 * same message, as recomputing everything in order. The caller's thread therefore only
 * reads: it checks indexes and field lengths, keeps the stored edge and chain, and checks
 * checkpoint roots against the stored edge; {@link BatchChecker} does the hashing per
 * batch, on worker threads when the verifier has them. Such a verifier must be
 * {@link #close() closed}.
 */
public final class LedgerVerifier implements AutoCloseable {

	private final boolean checksChain;

	private final Optional<ConcurrentBatchCheck> concurrent;

	/** The checker of a verifier without worker threads. */
	private final BatchChecker inline;

	private final Queue<EntryBatch> free = new ConcurrentLinkedQueue<>();

	private final Deque<Checkpoint> pending = new ArrayDeque<>();

	private final String origin;

	/** The stored right edge of the tree after the entries read so far. */
	private final StoredFrontier frontier = new StoredFrontier();

	/** The stored chain value of the last entry read (zeros before entry 0). */
	private final byte[] chain = new byte[Hash.SIZE];

	/** Entries fed one by one wait here until a batch is full. */
	private EntryBatch filling;

	private long size;

	private long checkpointsChecked;

	private Optional<Checkpoint> latest = Optional.empty();

	/** The first failure found while reading (indexes, lengths, checkpoint roots). */
	private Optional<Tampered> failure = Optional.empty();

	public LedgerVerifier(VerifierKey checkpointKey, Optional<ChainKeys> chainKeys, List<SignedCheckpoint> checkpoints,
			Optional<Checkpoint> trusted) {
		this(checkpointKey, chainKeys, checkpoints, trusted, 0);
	}

	/**
	 * @param checkThreads threads that check batches of entries while the caller's thread
	 * reads the next ones; 0 to check everything on the caller's thread
	 */
	public LedgerVerifier(VerifierKey checkpointKey, Optional<ChainKeys> chainKeys, List<SignedCheckpoint> checkpoints,
			Optional<Checkpoint> trusted, int checkThreads) {
		this.checksChain = chainKeys.isPresent();
		// Workers look keys up once per version; the caller's key source need not be
		// thread-safe.
		IntFunction<Optional<byte[]>> keys = chainKeys.<IntFunction<Optional<byte[]>>>map((source) -> (version) -> {
			synchronized (source) {
				return source.key(version);
			}
		}).orElse(null);
		if (checkThreads > 0) {
			ThreadLocal<BatchChecker> checkers = ThreadLocal.withInitial(() -> new BatchChecker(keys));
			this.concurrent = Optional
				.of(new ConcurrentBatchCheck(checkThreads, (batch) -> checkers.get().check(batch), this::recycle));
			this.inline = null;
		}
		else {
			this.concurrent = Optional.empty();
			this.inline = new BatchChecker(keys);
		}
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
	 * further entries are ignored. Entries may be checked later, on worker threads:
	 * {@link #finish()} has the answer.
	 */
	public boolean accept(StoredEntry entry) {
		if (this.failure.isPresent()) {
			return false;
		}
		if (this.filling == null) {
			this.filling = batch();
		}
		byte[] leafHash = entry.leafHash().bytes();
		byte[] chainValue = entry.chain().map(Hash::bytes).orElse(null);
		byte[] subtrees = new byte[entry.subtreeHashes().size() * Hash.SIZE];
		for (int i = 0; i < entry.subtreeHashes().size(); i++) {
			System.arraycopy(entry.subtreeHashes().get(i).bytes(), 0, subtrees, i * Hash.SIZE, Hash.SIZE);
		}
		this.filling.add(entry.index(), entry.leaf(), 0, entry.leaf().length, leafHash, 0, leafHash.length, chainValue,
				0, (chainValue == null) ? EntryBatch.ABSENT : chainValue.length, entry.keyVersion(), subtrees, 0,
				subtrees.length);
		// Without workers, one entry at a time: the answer is at once.
		if (this.inline == null && !this.filling.isFull()) {
			return failureSoFar().filter((found) -> found.index().getAsLong() <= entry.index()).isEmpty();
		}
		EntryBatch full = this.filling;
		this.filling = null;
		return accept(full);
	}

	/** An empty batch to fill and pass to {@link #accept(EntryBatch)}. */
	public EntryBatch batch() {
		EntryBatch batch = this.free.poll();
		if (batch == null) {
			batch = new EntryBatch();
		}
		batch.clear();
		return batch;
	}

	/**
	 * Takes a batch of the next entries (the verifier owns it from now on) and checks
	 * them; returns false once a failure has been found, after which further entries are
	 * ignored.
	 */
	public boolean accept(EntryBatch batch) {
		if (this.failure.isPresent() || batch.size == 0) {
			recycle(batch);
			return this.failure.isEmpty() && failureSoFar().isEmpty();
		}
		batch.first = this.size;
		System.arraycopy(this.chain, 0, batch.previousChain, 0, Hash.SIZE);
		batch.frontier.copyFrom(this.frontier);
		int row = 0;
		while (row < batch.size && this.failure.isEmpty()) {
			this.failure = read(batch, row);
			if (this.failure.isEmpty() || this.size > batch.first + row) {
				row++; // read (a failure found in reading a row fails it after its
						// checks)
			}
		}
		batch.truncate(row);
		if (row == 0) {
			recycle(batch);
		}
		else if (this.concurrent.isPresent()) {
			this.concurrent.get().submit(batch);
		}
		else {
			Optional<Tampered> found = this.inline.check(batch);
			recycle(batch);
			if (found.isPresent() && precedesFailure(found.get())) {
				this.failure = found;
			}
		}
		return this.failure.isEmpty() && failureSoFar().isEmpty();
	}

	/**
	 * Records that the caller could not even read an entry into a {@link StoredEntry};
	 * {@link #finish()} reports it unless an earlier failure was found.
	 */
	public void reject(Tampered unreadable) {
		flushFilling();
		if (this.failure.isEmpty()) {
			this.failure = Optional.of(unreadable);
		}
	}

	public VerifyResult finish() {
		flushFilling();
		Optional<Tampered> checked = this.concurrent.flatMap(ConcurrentBatchCheck::firstFailure);
		if (checked.isPresent() && precedesFailure(checked.get())) {
			return checked.get();
		}
		if (this.failure.isPresent()) {
			return this.failure.get();
		}
		if (!this.pending.isEmpty()) {
			Checkpoint beyond = this.pending.peekLast();
			return Tampered.at(this.size, Failure.TRUNCATED,
					"a checkpoint covers " + beyond.size() + " entries but the ledger ends after " + this.size);
		}
		return new Intact(this.size, this.checkpointsChecked,
				this.latest.orElseGet(() -> new Checkpoint(this.origin, this.size, this.frontier.root())));
	}

	/** Stops the worker threads, if any. */
	@Override
	public void close() {
		this.concurrent.ifPresent(ConcurrentBatchCheck::close);
	}

	private void flushFilling() {
		if (this.filling != null) {
			EntryBatch rest = this.filling;
			this.filling = null;
			accept(rest);
		}
	}

	private Optional<Tampered> failureSoFar() {
		return this.concurrent.flatMap(ConcurrentBatchCheck::failureSoFar);
	}

	private void recycle(EntryBatch batch) {
		this.free.add(batch);
	}

	// Batches are checked only up to the first failure found in reading, and at one
	// index the batch checks (leaf, chain, nodes) come before the failures found in
	// reading that row (a node count, a checkpoint root), while rows that cannot be read
	// are not checked at all. So a batch failure at an index up to the reading failure
	// is the one the sequential verifier would have reported.
	private boolean precedesFailure(Tampered checked) {
		if (this.failure.isEmpty()) {
			return true;
		}
		OptionalLong at = this.failure.get().index();
		return at.isPresent() && checked.index().getAsLong() <= at.getAsLong();
	}

	/**
	 * Reads one row: its lengths and index, then the stored edge and chain after it and
	 * the checkpoints at its size. Returns a failure; when the row itself was read
	 * ({@link #size} grew), its batch checks still run and come first.
	 */
	private Optional<Tampered> read(EntryBatch batch, int row) {
		long index = batch.index[row];
		if (batch.leafHashLength[row] != Hash.SIZE) {
			return Optional.of(Tampered.at(index, Failure.LEAF_HASH_MISMATCH,
					"stored leaf hash has " + batch.leafHashLength[row] + " bytes"));
		}
		if (batch.chainLength[row] != EntryBatch.ABSENT && batch.chainLength[row] != Hash.SIZE) {
			return Optional.of(Tampered.at(index, Failure.CHAIN_MISMATCH,
					"stored chain has " + batch.chainLength[row] + " bytes"));
		}
		if (batch.subtreesLength[row] % Hash.SIZE != 0) {
			return Optional.of(Tampered.at(index, Failure.NODE_MISMATCH,
					"stored subtree hashes have " + batch.subtreesLength[row] + " bytes"));
		}
		long expected = this.size;
		if (index != expected) {
			return Optional.of(Tampered.at(expected, Failure.INDEX_GAP,
					"expected entry " + expected + " but the next stored entry is " + index));
		}
		this.size++;
		int completed = Long.numberOfTrailingZeros(~index);
		int stored = batch.subtreesLength[row] / Hash.SIZE;
		if (stored != completed) {
			// the batch checks report it, unless an earlier check of this row fails
			return Optional.of(Tampered.at(index, Failure.NODE_MISMATCH,
					"stores " + stored + " subtree hashes, expected " + completed));
		}
		int top = (completed == 0) ? batch.leafHashAt[row] : batch.subtreesAt[row] + (completed - 1) * Hash.SIZE;
		this.frontier.append(completed, batch.data, top);
		if (this.checksChain && batch.chainLength[row] != EntryBatch.ABSENT) {
			System.arraycopy(batch.data, batch.chainAt[row], this.chain, 0, Hash.SIZE);
		}
		checkRootsAtCurrentSize();
		return this.failure;
	}

	// Against the stored edge: the computed one as long as every entry so far passed,
	// and any failure before this size outranks a root mismatch at it.
	private void checkRootsAtCurrentSize() {
		while (this.failure.isEmpty() && !this.pending.isEmpty() && this.pending.peekFirst().size() == this.size) {
			Checkpoint checkpoint = this.pending.removeFirst();
			Hash root = this.frontier.root();
			if (!root.equals(checkpoint.root())) {
				long at = checkpoint.size();
				String detail = "checkpoint of size " + at + " has root " + checkpoint.root() + ", entries give "
						+ root;
				this.failure = Optional.of((at > 0) ? Tampered.at(at - 1, Failure.CHECKPOINT_ROOT_MISMATCH, detail)
						: Tampered.nowhere(Failure.CHECKPOINT_ROOT_MISMATCH, detail));
				return;
			}
			this.checkpointsChecked++;
			this.latest = Optional.of(checkpoint);
		}
	}

}
