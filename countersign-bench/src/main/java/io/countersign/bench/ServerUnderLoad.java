package io.countersign.bench;

import java.nio.file.Path;
import java.util.Optional;

import picocli.CommandLine.Option;

/**
 * Options of the benchmarks that start the server jar and load it with wrk
 * ({@code bench http}, {@code bench query}, {@code bench authz}).
 */
final class ServerUnderLoad {

	@Option(names = { "--server-jar", "--jar" },
			description = "Server jar to start, e.g. an older build for an A/B (default: countersign-server/target/countersign.jar).")
	private Optional<Path> jar;

	@Option(names = "--wrk", defaultValue = "/usr/bin/wrk", description = "wrk binary (default: ${DEFAULT-VALUE}).")
	private Path wrk;

	Path serverJar() {
		return ServerJar.locate(this.jar);
	}

	Path wrk() {
		return this.wrk;
	}

}
