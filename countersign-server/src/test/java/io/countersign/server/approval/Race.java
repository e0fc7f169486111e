package io.countersign.server.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs calls at the same moment, each on its own thread, and collects their answers. */
final class Race {

	private Race() {
	}

	static <T> List<T> all(int racers, IntFunction<T> call) throws Exception {
		CountDownLatch ready = new CountDownLatch(racers);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(racers);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < racers; i++) {
				int racer = i;
				futures.add(threads.submit(() -> {
					ready.countDown();
					go.await();
					return call.apply(racer);
				}));
			}
			ready.await();
			go.countDown();
			List<T> answers = new ArrayList<>();
			for (Future<T> future : futures) {
				answers.add(future.get());
			}
			return answers;
		}
		finally {
			threads.shutdownNow();
		}
	}

}
