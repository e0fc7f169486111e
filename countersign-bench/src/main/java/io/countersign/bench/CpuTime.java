package io.countersign.bench;

import java.time.Duration;
import java.util.Optional;

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

}
