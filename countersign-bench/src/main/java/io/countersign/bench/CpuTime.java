package io.countersign.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time (user and system, all threads) a process on this host has used so far, as the
 * operating system reports it; empty when it does not (the process ended, or runs
 * elsewhere). The benchmarks report CPU per operation with it, because on a machine of
 * two shared cores that is what a change moves, while throughput moves with the machine.
 */
final class CpuTime {

	private CpuTime() {
	}

	static Optional<Duration> ofThisProcess() {
		return of(ProcessHandle.current());
	}

	static Optional<Duration> ofProcess(long pid) {
		return ProcessHandle.of(pid).flatMap(CpuTime::of);
	}

	static Optional<Duration> of(ProcessHandle process) {
		return process.info().totalCpuDuration();
	}

	/**
	 * CPU time the process's JIT compiler threads (HotSpot's
	 * {@code C1/C2 CompilerThread}s) have used so far, from Linux's
	 * {@code /proc/<pid>/task/<tid>/schedstat}; empty elsewhere. A figure measured while
	 * the compilers still work is partly the price of warming up, which a long-running
	 * server does not pay: the benches print this share.
	 */
	static Optional<Duration> ofCompilerThreads(ProcessHandle process) {
		Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
		if (!Files.isDirectory(tasks)) {
			return Optional.empty();
		}
		long nanos = 0;
		try (Stream<Path> threads = Files.list(tasks)) {
			for (Path thread : threads.toList()) {
				try {
					if (Files.readString(thread.resolve("comm")).contains("CompilerThre")) {
						// schedstat: nanoseconds on a CPU, nanoseconds waiting, time
						// slices
						nanos += Long.parseLong(Files.readString(thread.resolve("schedstat")).split(" ")[0]);
					}
				}
				catch (IOException | RuntimeException gone) {
					// the thread ended between the listing and the read: its time is gone
					// too
				}
			}
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		return Optional.of(Duration.ofNanos(nanos));
	}

}
