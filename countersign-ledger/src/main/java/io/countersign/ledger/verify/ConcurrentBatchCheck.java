package io.countersign.ledger.verify;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the checks of accepted {@link EntryBatch batches} on worker threads while the
 * caller reads the next ones. The checks of a batch need nothing but the batch
 * ({@link BatchChecker}), so every hash of the ledger — leaves, chain, nodes — is
 * computed in parallel; only reading rows stays on the caller's thread.
 *
 * <p>
 * {@link #firstFailure()} waits for every batch and returns the failure of the earliest
 * failing batch, so the result does not depend on thread timing. At most a few batches
 * per thread are in flight (the caller waits for the oldest beyond that), which bounds
 * memory; a checked batch goes back to the caller's pool.
 */
final class ConcurrentBatchCheck implements AutoCloseable {

	private static final AtomicInteger POOLS = new AtomicInteger();

	private final ExecutorService workers;

	private final int maxInFlight;

	private final Function<EntryBatch, Optional<Tampered>> check;

	private final Consumer<EntryBatch> done;

	private final Deque<Future<Optional<Tampered>>> inFlight = new ArrayDeque<>();

	/** The lowest failure seen so far among the batches already collected. */
	private Optional<Tampered> failure = Optional.empty();

	/**
	 * @param check the checks of one batch, run on a worker
	 * @param done takes each batch back once checked (or skipped)
	 */
	ConcurrentBatchCheck(int threads, Function<EntryBatch, Optional<Tampered>> check, Consumer<EntryBatch> done) {
		int pool = POOLS.incrementAndGet();
		AtomicInteger thread = new AtomicInteger();
		this.workers = Executors.newFixedThreadPool(threads, (task) -> {
			Thread worker = new Thread(task, "ledger-check-" + pool + "-" + thread.incrementAndGet());
			// never keeps the JVM alive, even if a caller forgets to close
			worker.setDaemon(true);
			return worker;
		});
		this.maxInFlight = 4 * threads;
		this.check = check;
		this.done = done;
	}

	/** Queues an accepted batch; its entries must follow the previous batch's. */
	void submit(EntryBatch batch) {
		if (this.failure.isPresent()) {
			this.done.accept(batch);
			return;
		}
		this.inFlight.addLast(this.workers.submit(() -> {
			try {
				return this.check.apply(batch);
			}
			finally {
				this.done.accept(batch);
			}
		}));
		while (this.failure.isEmpty() && this.inFlight.size() > this.maxInFlight) {
			collectOldest();
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

	/** Waits for every queued batch and returns the lowest failing index. */
	Optional<Tampered> firstFailure() {
		while (this.failure.isEmpty() && !this.inFlight.isEmpty()) {
			collectOldest();
		}
		return this.failure;
	}

	@Override
	public void close() {
		this.workers.shutdownNow();
	}

	// Batches are collected oldest first, so the first failure found is the lowest index.
	private void collectOldest() {
		try {
			this.failure = this.inFlight.removeFirst().get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while checking entries", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("checking entries failed", ex.getCause());
		}
	}

}
