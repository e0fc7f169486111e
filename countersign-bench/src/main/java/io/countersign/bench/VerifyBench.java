package io.countersign.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.countersign.server.cli.CountersignCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench verify}: {@code countersign verify --db} over a large ledger on
 * PostgreSQL, timed: every leaf hash, chain value, stored subtree hash and checkpoint
 * re-derived, streaming.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
		description = "Time 'verify --db' over a large ledger on PostgreSQL (filled once, then reused).")
final class VerifyBench implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Option(names = "--db", defaultValue = "jdbc:postgresql://127.0.0.1:5432/countersign_bench_10m",
			description = "PostgreSQL database, created and filled if it holds fewer than --entries "
					+ "(default: ${DEFAULT-VALUE}).")
	private String db;

	@Option(names = "--entries", defaultValue = "10000000",
			description = "Ledger size to verify (default: ${DEFAULT-VALUE}).")
	private long entries;

	@Option(names = "--runs", defaultValue = "2",
			description = "Verifications in a row; the first warms the JIT and the page cache "
					+ "(default: ${DEFAULT-VALUE}).")
	private int runs;

	@Option(names = "--state-dir", defaultValue = "${sys:user.home}/.countersign-bench",
			description = "Where the bench database's secrets are kept between runs (default: ${DEFAULT-VALUE}).")
	private Path stateDir;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		BenchDatabase database = BenchDatabase.of(this.db);
		database.createIfAbsent();
		out.println(Machine.describe(database));
		ServerSecrets secrets = new LedgerFill(database, this.stateDir).ensure(this.entries, out);
		long size = database.ledgerSize();
		// the arguments stay inside this process, so the password and key are not exposed
		List<String> verify = List.of("verify", "--db", database.url(), "--user", database.user(), "--password",
				database.password(), "--master-key", secrets.masterKey());
		double best = 0;
		for (int run = 1; run <= this.runs; run++) {
			ByteArrayOutputStream captured = new ByteArrayOutputStream();
			PrintStream stream = new PrintStream(captured, true, StandardCharsets.UTF_8);
			long start = System.nanoTime();
			long cpuStart = processCpuNanos();
			int status = CountersignCli.run(verify.toArray(String[]::new), stream, stream);
			double seconds = (System.nanoTime() - start) / 1e9;
			double cpuMicrosPerEntry = (processCpuNanos() - cpuStart) / 1e3 / Math.max(size, 1);
			captured.toString(StandardCharsets.UTF_8).lines().forEach((line) -> out.println("    " + line));
			if (status != 0) {
				out.printf("verify exited with status %d%n", status);
				return status;
			}
			double rate = size / seconds;
			best = Math.max(best, rate);
			out.printf("  run %d: %,d entries verified in %.1f s: %,.0f entries/s, this JVM's CPU %.2f µs per entry%n",
					run, size, seconds, rate, cpuMicrosPerEntry);
			out.flush();
		}
		out.println();
		out.printf("target: >= 500,000 entries/s%n");
		out.printf("full verification from PostgreSQL (verify --db), %,d entries: %,.0f entries/s (best of %d)%n", size,
				best, this.runs);
		return 0;
	}

	// The verifier's own CPU (reading, decoding, hashing on every thread); PostgreSQL's
	// is on top.
	private static long processCpuNanos() {
		return CpuTime.ofThisProcess().map(Duration::toNanos).orElse(0L);
	}

}
