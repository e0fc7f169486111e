package io.countersign.bench;

import picocli.CommandLine.Command;

/**
 * {@code countersign-bench}: measures the ledger on PostgreSQL and prints the figures
 * next to the baselines from the same run. Benchmarks print; they never pass or fail on
 * time.
 */
@Command(name = "countersign-bench",
		description = "Measure appends, HTTP, verification, queries, authorization, approvals, the console, compliance and alert detection on PostgreSQL.",
		mixinStandardHelpOptions = true,
		subcommands = { AppendBench.class, HttpBench.class, VerifyBench.class, QueryBench.class, AuthzBench.class,
				ApprovalsBench.class, ConsoleBench.class, ComplianceBench.class, ComplianceReportBench.class,
				AlertsBench.class })
public final class BenchCommand {

}
