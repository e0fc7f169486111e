package io.countersign.server.shared;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way the server makes a thread of its own (a long-running loop, a single-thread
 * executor): a daemon, so that it never keeps the JVM alive after Spring has shut down,
 * with a name that says what it does in thread dumps. Periodic jobs use Spring's
 * {@code TaskScheduler} instead.
 */
public final class DaemonThreads {

	private DaemonThreads() {
	}

	/** A daemon thread with this name, not started. */
	public static Thread unstarted(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * Daemon threads named {@code name}, for an executor of one thread; a second thread
	 * (after the first died) is named {@code name-2}, and so on.
	 */
	public static ThreadFactory named(String name) {
		AtomicInteger made = new AtomicInteger();
		return (task) -> {
			int number = made.incrementAndGet();
			return unstarted((number == 1) ? name : name + "-" + number, task);
		};
	}

}
