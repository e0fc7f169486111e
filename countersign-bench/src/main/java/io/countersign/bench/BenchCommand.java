package io.countersign.server.cli.bench;

import picocli.CommandLine.Command;

/**
 * {@code countersign bench}: measures the ledger on PostgreSQL and prints the figures
 * next to the baselines from the same run. Benchmarks print; they never pass or fail on
 * time. Register it on the root command line with
 * {@code addSubcommand("bench", new BenchCommand())}.
 */
@Command(name = "bench", description = "Measure appends, HTTP, verification, queries and authorization on PostgreSQL.",
		mixinStandardHelpOptions = true,
		subcommands = { AppendBench.class, HttpBench.class, VerifyBench.class, QueryBench.class, AuthzBench.class })
public final class BenchCommand {

}
