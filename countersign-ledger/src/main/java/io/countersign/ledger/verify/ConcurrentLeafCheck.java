package io.countersign.ledger.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.countersign.ledger.Hash;
import io.countersign.ledger.tree.Rfc6962;

/**
 * Checks each leaf on its own — its stored RFC 6962 leaf hash, then its canonical form
 * ({@link CanonicalLeaf}) — on worker threads, while the caller does the checks that must
 * run in index order (chain, tree) with the stored leaf hashes. These per-leaf checks are
 * independent of each other and are most of the work, so they are the part that
 * parallelises.
 *
 * <p>
 * Leaves are checked in batches of consecutive indexes; {@link #firstFailure()} waits for
 * every batch and returns the lowest failing index, so the result does not depend on
 * thread timing. At most a few batches per thread are in flight (the caller waits for the
 * oldest beyond that), which bounds memory.
 */
final class ConcurrentLeafCheck implements AutoCloseable {

	private static final int BATCH = 512;

	private static final AtomicInteger POOLS = new AtomicInteger();

	private final ExecutorService workers;

	private final int maxInFlight;

	private final Deque<Future<Optional<Tampered>>> inFlight = new ArrayDeque<>();

	private List<byte[]> batch = new ArrayList<>(BATCH);

	private List<Hash> batchHashes = new ArrayList<>(BATCH);

	private long batchStart;

	/** The lowest failure seen so far among the batches already collected. */
	private Optional<Tampered> failure = Optional.empty();

	ConcurrentLeafCheck(int threads) {
		int pool = POOLS.incrementAndGet();
		AtomicInteger thread = new AtomicInteger();
		this.workers = Executors.newFixedThreadPool(threads, (task) -> {
			Thread worker = new Thread(task, "canonical-check-" + pool + "-" + thread.incrementAndGet());
			// never keeps the JVM alive, even if a caller forgets to close
			worker.setDaemon(true);
			return worker;
		});
		this.maxInFlight = 4 * threads;
	}

	/**
	 * Queues the leaf of entry {@code index} and its stored hash; indexes must be
	 * consecutive.
	 */
	void submit(long index, byte[] leaf, Hash storedLeafHash) {
		if (this.batch.isEmpty()) {
			this.batchStart = index;
		}
		this.batch.add(leaf);
		this.batchHashes.add(storedLeafHash);
		if (this.batch.size() == BATCH) {
			flush();
		}
	}

	/**
	 * The lowest failing index among batches already finished, without waiting; lets the
	 * caller stop early on a damaged ledger.
	 */
	Optional<Tampered> failureSoFar() {
		while (this.failure.isEmpty() && !this.inFlight.isEmpty() && this.inFlight.peekFirst().isDone()) {
			collectOldest();
		}
		return this.failure;
	}

	/** Waits for every queued leaf and returns the lowest failing index. */
	Optional<Tampered> firstFailure() {
		flush();
		while (this.failure.isEmpty() && !this.inFlight.isEmpty()) {
			collectOldest();
		}
		return this.failure;
	}

	@Override
	public void close() {
		this.workers.shutdownNow();
	}

	private void flush() {
		if (this.batch.isEmpty() || this.failure.isPresent()) {
			this.batch.clear();
			this.batchHashes.clear();
			return;
		}
		List<byte[]> leaves = this.batch;
		List<Hash> storedHashes = this.batchHashes;
		long start = this.batchStart;
		this.inFlight.addLast(this.workers.submit(() -> check(start, leaves, storedHashes)));
		this.batch = new ArrayList<>(BATCH);
		this.batchHashes = new ArrayList<>(BATCH);
		while (this.failure.isEmpty() && this.inFlight.size() > this.maxInFlight) {
			collectOldest();
		}
	}

	// Batches are collected oldest first, so the first failure found is the lowest index.
	private void collectOldest() {
		try {
			this.failure = this.inFlight.removeFirst().get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while checking leaves", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("checking leaves failed", ex.getCause());
		}
	}

	// The same checks, in the same order, as LedgerVerifier does inline.
	private static Optional<Tampered> check(long start, List<byte[]> leaves, List<Hash> storedHashes) {
		for (int i = 0; i < leaves.size(); i++) {
			Optional<Tampered> failure = LedgerVerifier.checkLeaf(start + i, leaves.get(i), storedHashes.get(i));
			if (failure.isPresent()) {
				return failure;
			}
		}
		return Optional.empty();
	}

}
