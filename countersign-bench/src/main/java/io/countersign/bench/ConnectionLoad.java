package io.countersign.bench;

import java.nio.file.Path;
import java.time.Duration;

import picocli.CommandLine.Option;

/**
 * The shape of wrk's load for the benchmarks that send single requests over many
 * connections ({@code bench http}, {@code bench authz}).
 */
final class ConnectionLoad {

	@Option(names = "--connections", defaultValue = "64", description = "wrk connections (default: ${DEFAULT-VALUE}).")
	private int connections;

	@Option(names = "--threads", defaultValue = "2", description = "wrk threads (default: ${DEFAULT-VALUE}).")
	private int threads;

	int connections() {
		return this.connections;
	}

	int threads() {
		return this.threads;
	}

	/** A wrk run of this shape lasting {@code duration}. */
	Wrk wrk(Path binary, Duration duration) {
		return new Wrk(binary, this.threads, this.connections, duration);
	}

}
