package io.countersign.server.audit.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.countersign.server.audit.Appended;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.scheduling.TaskScheduler;

/**
 * The way into the sequencer: the bounded queue producers put their submissions on
 * (waiting while it is full, never past their deadline), the wait for the
 * acknowledgement, and the deadlines of asynchronous appends. Nobody waits forever: a
 * caller gets {@code ERR_LEDGER_UNAVAILABLE} once the append timeout has passed.
 */
final class AppendIntake {

	private final BlockingQueue<Submission> queue;

	private final Duration appendTimeout;

	private final AppendDeadlines deadlines;

	// null while appends are accepted, else why they are not
	private volatile String refusal = "the ledger is not accepting appends (starting or shutting down)";

	AppendIntake(int maxBatch, Duration appendTimeout, TaskScheduler scheduler) {
		this.queue = new ArrayBlockingQueue<>(Math.max(1024, maxBatch * 4));
		this.appendTimeout = appendTimeout;
		this.deadlines = new AppendDeadlines(appendTimeout, () -> unavailable(timedOutMessage(), null), scheduler);
	}

	Duration appendTimeout() {
		return this.appendTimeout;
	}

	/** Starts accepting submissions and watching deadlines. */
	void open() {
		this.refusal = null;
		this.deadlines.start();
	}

	/** Refuses submissions from now on, saying why. */
	void refuse(String why) {
		this.refusal = why;
	}

	boolean accepting() {
		return this.refusal == null;
	}

	void stopDeadlines() {
		this.deadlines.stop();
	}

	/** Submits events and waits for their receipts, at most the append timeout. */
	List<Appended> submitAndAwait(List<PreparedEvent> events) {
		long deadline = System.nanoTime() + this.appendTimeout.toNanos();
		return await(submit(events, deadline, false), deadline);
	}

	/** Submits one event; the future fails once the append timeout has passed. */
	CompletableFuture<Appended> submitAsync(PreparedEvent prepared) {
		long deadline = System.nanoTime() + this.appendTimeout.toNanos();
		CompletableFuture<List<Appended>> done;
		try {
			done = submit(List.of(prepared), deadline, false);
		}
		catch (CountersignException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		this.deadlines.watch(done, deadline);
		return done.thenApply((appended) -> appended.get(0));
	}

	/** Submits an event from the audit outbox, to be awaited by the caller. */
	CompletableFuture<List<Appended>> submitFromOutbox(PreparedEvent prepared) {
		return submit(List.of(prepared), System.nanoTime() + this.appendTimeout.toNanos(), true);
	}

	private CompletableFuture<List<Appended>> submit(List<PreparedEvent> events, long deadline, boolean fromOutbox) {
		String why = this.refusal;
		if (why != null) {
			throw unavailable(why, null);
		}
		Submission submission = new Submission(events, fromOutbox);
		try {
			// waits while the queue is full (backpressure), but not past the deadline
			if (!this.queue.offer(submission, deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
				throw unavailable("the ledger queue stayed full for " + this.appendTimeout + "; retry", null);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable("interrupted while waiting for room in the ledger queue", ex);
		}
		// Shutdown raced with this put and the sequencer may be gone: take it back.
		if (!accepting() && this.queue.remove(submission)) {
			submission.done().completeExceptionally(unavailable("the ledger is shutting down", null));
		}
		return submission.done();
	}

	// A caller that gives up completes the future itself: a submission whose future is
	// done before it is sequenced is skipped, never written.
	private <T> T await(CompletableFuture<T> future, long deadline) {
		try {
			return future.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.completeExceptionally(unavailable(timedOutMessage(), null));
			// done now, by whichever completion came first
			return await(future, deadline);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.completeExceptionally(unavailable("interrupted while waiting for the ledger", ex));
			throw unavailable("interrupted while waiting for the ledger", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof CountersignException failure) {
				throw failure;
			}
			throw unavailable("the ledger write failed", ex.getCause());
		}
	}

	// ---- the sequencer's side ----

	/** The next submission, waiting at most {@code millis}; null if none came. */
	Submission poll(long millis) {
		try {
			return this.queue.poll(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			return null; // the sequencer's loop condition decides
		}
	}

	/** The next submission if one is queued, else null. */
	Submission poll() {
		return this.queue.poll();
	}

	boolean isEmpty() {
		return this.queue.isEmpty();
	}

	int queued() {
		return this.queue.size();
	}

	/** Takes every queued submission out, to fail them. */
	void drainTo(List<Submission> into) {
		this.queue.drainTo(into);
	}

	private String timedOutMessage() {
		return "the ledger did not acknowledge the events within " + this.appendTimeout
				+ "; they may or may not be stored";
	}

	static CountersignException unavailable(String message, Throwable cause) {
		return new CountersignException(ErrorCode.ERR_LEDGER_UNAVAILABLE, message, cause);
	}

}
