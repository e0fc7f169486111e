package io.countersign.server.audit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.TaskScheduler;

/**
 * Fails asynchronous appends that are not settled by their deadline, so that a caller of
 * {@code appendAsync} hears back within the append timeout even when the sequencer or a
 * write lane is stuck. Every append has the same timeout, so deadlines arrive in the
 * order they are watched and one queue, swept from its head, holds them all: one node per
 * append, where a scheduled task per append would cost a lock and a heap operation twice.
 * A failed future is skipped by the sequencer if it was not sequenced yet.
 */
final class AppendDeadlines {

	private static final Logger log = LoggerFactory.getLogger(AppendDeadlines.class);

	private final long sweepMillis;

	private final Supplier<RuntimeException> timedOut;

	private final Queue<Deadline> watched = new ConcurrentLinkedQueue<>();

	// Spring's scheduler, as for every periodic job: its pool has a thread per job
	// (spring.task.scheduling.pool.size), so a job stuck on the ledger (a checkpoint
	// waiting for a sync) cannot hold the sweeps that fail its callers.
	private final TaskScheduler scheduler;

	private ScheduledFuture<?> sweeper;

	AppendDeadlines(Duration timeout, Supplier<RuntimeException> timedOut, TaskScheduler scheduler) {
		this.sweepMillis = Math.max(1, Math.min(100, timeout.toMillis() / 10));
		this.timedOut = timedOut;
		this.scheduler = scheduler;
	}

	void watch(CompletableFuture<?> future, long deadlineNanos) {
		this.watched.add(new Deadline(deadlineNanos, future));
	}

	/**
	 * Drops settled futures from the head and fails those past their deadline. A future
	 * that is neither keeps the ones behind it until it is: at most a timeout's worth.
	 */
	void sweep() {
		long now = System.nanoTime();
		Deadline head;
		while ((head = this.watched.peek()) != null) {
			if (!head.future().isDone()) {
				if (now - head.at() < 0) {
					return;
				}
				head.future().completeExceptionally(this.timedOut.get());
			}
			this.watched.poll();
		}
	}

	void start() {
		Duration every = Duration.ofMillis(this.sweepMillis);
		this.sweeper = this.scheduler.scheduleWithFixedDelay(() -> {
			try {
				sweep();
			}
			catch (RuntimeException ex) {
				// an exception would cancel the schedule: every later append would wait
				log.error("sweeping the deadlines of ledger appends failed", ex);
			}
		}, Instant.now().plus(every), every);
	}

	void stop() {
		if (this.sweeper != null) {
			this.sweeper.cancel(false);
		}
	}

	private record Deadline(long at, CompletableFuture<?> future) {
	}

}
