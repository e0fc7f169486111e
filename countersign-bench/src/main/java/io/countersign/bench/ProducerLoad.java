package io.countersign.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import io.countersign.server.shared.DaemonThreads;

/**
 * Drives an {@link AppendTarget} from many producer threads, each keeping a fixed number
 * of appends in flight, and counts acknowledged events after a warm-up.
 *
 * @param producers concurrent producer threads
 * @param inFlight appends each producer keeps outstanding (1: call and wait)
 * @param warmup time before counting starts
 * @param measured time during which acknowledgements are counted
 */
record ProducerLoad(int producers, int inFlight, Duration warmup, Duration measured) {

	private static final int PREPARED_PER_PRODUCER = 512;

	/**
	 * Runs the load and returns the acknowledged events per second.
	 * @param resources reads what the database and this process have used so far
	 */
	<P> Throughput run(AppendTarget<P> target, long seed, Supplier<ResourceUse> resources) throws Exception {
		List<List<P>> prepared = new ArrayList<>();
		for (int producer = 0; producer < this.producers; producer++) {
			SampleEvents events = new SampleEvents(seed + producer);
			List<P> mine = new ArrayList<>(PREPARED_PER_PRODUCER);
			for (int i = 0; i < PREPARED_PER_PRODUCER; i++) {
				mine.add(target.prepare(events.next()));
			}
			prepared.add(mine);
		}
		LongAdder acknowledged = new LongAdder();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Run run = new Run();
		List<Thread> threads = new ArrayList<>();
		for (int producer = 0; producer < this.producers; producer++) {
			List<P> mine = prepared.get(producer);
			Thread thread = DaemonThreads.unstarted("bench-producer-" + producer,
					() -> produce(target, mine, run, acknowledged, failure));
			threads.add(thread);
			thread.start();
		}
		sleepUnlessFailed(this.warmup, failure);
		long startCount = acknowledged.sum();
		ResourceUse startUse = resources.get();
		long start = System.nanoTime();
		sleepUnlessFailed(this.measured, failure);
		long endCount = acknowledged.sum();
		long end = System.nanoTime();
		ResourceUse endUse = resources.get();
		run.stop();
		for (Thread thread : threads) {
			thread.join(TimeUnit.MINUTES.toMillis(1));
		}
		if (failure.get() != null) {
			throw new IllegalStateException("an append failed", failure.get());
		}
		return new Throughput(endCount - startCount, Duration.ofNanos(end - start), endUse.since(startUse));
	}

	private <P> void produce(AppendTarget<P> target, List<P> events, Run run, LongAdder acknowledged,
			AtomicReference<Throwable> failure) {
		Semaphore window = new Semaphore(this.inFlight);
		int next = 0;
		try {
			while (run.running() && failure.get() == null) {
				window.acquire();
				CompletionStage<?> appended = target.append(events.get(next));
				next = (next + 1) % events.size();
				appended.whenComplete((result, error) -> {
					if (error != null) {
						failure.compareAndSet(null, error);
					}
					else {
						acknowledged.increment();
					}
					window.release();
				});
			}
			// wait for this producer's outstanding appends before the target is closed
			window.acquire(this.inFlight);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			failure.compareAndSet(null, ex);
		}
	}

	private static void sleepUnlessFailed(Duration duration, AtomicReference<Throwable> failure)
			throws InterruptedException {
		long deadline = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < deadline && failure.get() == null) {
			Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
		}
	}

	private static final class Run {

		private volatile boolean running = true;

		boolean running() {
			return this.running;
		}

		void stop() {
			this.running = false;
		}

	}

}
