package io.countersign.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench query}: filtered pages and Merkle proofs over HTTP on a large ledger, from
 * the server jar started with a small heap, with wrk varying every request.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
		description = "Filtered pages and proofs over HTTP on a large ledger (filled once, then reused).")
final class QueryBench implements Callable<Integer> {

	private static final long SCENARIO_WARMUP_SECONDS = 5;

	@Spec
	private CommandSpec spec;

	@Option(names = "--db", defaultValue = "jdbc:postgresql://127.0.0.1:5432/countersign_bench_10m",
			description = "PostgreSQL database, created and filled if it holds fewer than --entries "
					+ "(default: ${DEFAULT-VALUE}).")
	private String db;

	@Option(names = "--entries", defaultValue = "10000000",
			description = "Ledger size to measure on (default: ${DEFAULT-VALUE}).")
	private long entries;

	@Option(names = "--connections", defaultValue = "1,8", split = ",",
			description = "wrk connections, each with one request in flight; every scenario runs once per value "
					+ "(default: ${DEFAULT-VALUE}).")
	private List<Integer> connections;

	@Option(names = "--threads", defaultValue = "2", description = "wrk threads (default: ${DEFAULT-VALUE}).")
	private int threads;

	@Option(names = "--seconds", defaultValue = "20",
			description = "Seconds measured per scenario, after 5 s of warm-up (default: ${DEFAULT-VALUE}).")
	private int seconds;

	@Option(names = "--window", defaultValue = "10",
			description = "Time range of the filtered queries, in percent of the ledger's time span "
					+ "(default: ${DEFAULT-VALUE}).")
	private int windowPercent;

	@Option(names = "--heap", defaultValue = "512m", description = "The server's -Xmx (default: ${DEFAULT-VALUE}).")
	private String heap;

	@Option(names = "--server-option",
			description = "A further JVM option for the server, e.g. --server-option=-XX:+UseParallelGC (repeatable).")
	private List<String> serverOptions = new ArrayList<>();

	@Option(names = "--state-dir", defaultValue = "${sys:user.home}/.countersign-bench",
			description = "Where the bench database's secrets are kept between runs (default: ${DEFAULT-VALUE}).")
	private Path stateDir;

	@Option(names = "--scenarios", defaultValue = "actor,type,inclusion,consistency", split = ",",
			description = "Scenarios to run, of actor, type, inclusion, consistency (default: ${DEFAULT-VALUE}).")
	private List<String> only;

	@Mixin
	private ServerUnderLoad serverUnderLoad;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		// Checked before anything is filled: a typo must not cost a 10M-entry fill first.
		List<Scenario> scenarios = List
			.of(new Scenario("actor", "filtered page of 100: actor + time range", 50),
					new Scenario("type", "filtered page of 100: type + time range", 50),
					new Scenario("inclusion", "inclusion proof (random index, random tree size)", 5),
					new Scenario("consistency", "consistency proof (random sizes)", 5))
			.stream()
			.filter((scenario) -> this.only.contains(scenario.mode()))
			.toList();
		if (scenarios.size() != Set.copyOf(this.only).size()) {
			throw new ParameterException(this.spec.commandLine(),
					"--scenarios takes actor, type, inclusion or consistency, not " + this.only);
		}
		BenchDatabase database = BenchDatabase.of(this.db);
		database.createIfAbsent();
		out.println(Machine.describe(database));
		ServerSecrets secrets = new LedgerFill(database, this.stateDir).ensure(this.entries, out);
		TimeSpan span = TimeSpan.of(database, this.entries);
		long window = Math.max(1, (span.lastMillis() - span.firstMillis()) * this.windowPercent / 100);
		out.printf("ledger: %,d entries from %s to %s; time ranges of %,d ms%n", span.size(),
				java.time.Instant.ofEpochMilli(span.firstMillis()), java.time.Instant.ofEpochMilli(span.lastMillis()),
				window);
		List<String> jvm = new ArrayList<>(List.of("-Xmx" + this.heap));
		jvm.addAll(this.serverOptions);
		out.printf("starting the server jar with %s ...%n", jvm);
		out.flush();
		List<String> lines = new ArrayList<>();
		try (ServerProcess server = ServerProcess.start(this.serverUnderLoad.serverJar(), jvm, database, secrets)) {
			out.printf("server pid %d, log %s%n", server.pid(), server.log());
			ProofTimings timings = new ProofTimings(server.uri("/actuator/prometheus"), secrets.token());
			// Measure proofs served from a full cache, as a server that has been running
			// serves them, not while the start-up fill competes for the CPU and the rows.
			timings.awaitProofCache(Duration.ofMinutes(5))
				.ifPresentOrElse(
						(waited) -> out.printf("proof cache filled %.1f s after the server was ready%n",
								waited.toMillis() / 1e3),
						() -> out.println("the server publishes no proof cache gauge; not waiting for it"));
			for (Scenario scenario : scenarios) {
				List<String> args = List.of(scenario.mode(), Long.toString(span.size()),
						Long.toString(span.firstMillis()), Long.toString(span.lastMillis()), Long.toString(window));
				for (int connections : this.connections) {
					int threads = Math.min(this.threads, connections);
					out.printf("  %s: wrk -t%d -c%d -d%ds --latency -s query.lua -- %s%n", scenario.title(), threads,
							connections, this.seconds, String.join(" ", args));
					out.flush();
					new Wrk(this.serverUnderLoad.wrk(), threads, connections,
							Duration.ofSeconds(SCENARIO_WARMUP_SECONDS))
						.run("query.lua", server.uri("/"), secrets.token(), args,
								new PrintWriter(java.io.Writer.nullWriter()));
					Optional<Duration> cpuBefore = server.cpuTime();
					Wrk.WrkResult result = new Wrk(this.serverUnderLoad.wrk(), threads, connections,
							Duration.ofSeconds(this.seconds))
						.run("query.lua", server.uri("/"), secrets.token(), args, out);
					Optional<Duration> cpuAfter = server.cpuTime();
					String cpu = "";
					if (cpuBefore.isPresent() && cpuAfter.isPresent() && result.requests() > 0) {
						cpu = ", server CPU %,.0f µs/req"
							.formatted(cpuAfter.get().minus(cpuBefore.get()).toNanos() / 1e3 / result.requests());
					}
					lines.add(
							"%-50s %2d conn | p50 %9s | p99 %9s (target < %d ms) | max %9s | %,7d requests, %,d failed, %,.0f req/s%s"
								.formatted(scenario.title(), connections, Wrk.WrkResult.millis(result.p50()),
										Wrk.WrkResult.millis(result.p99()), scenario.targetMillis(),
										Wrk.WrkResult.millis(result.max()), result.requests(), result.failed(),
										result.perSecond(), cpu));
					if (scenario.proof()) {
						lines.add("%52s %s".formatted("", timings.describe(scenario.mode())));
					}
				}
			}
		}
		out.println();
		out.printf("%,d-entry ledger, server at %s:%n", span.size(), jvm);
		lines.forEach(out::println);
		return 0;
	}

	private record Scenario(String mode, String title, int targetMillis) {

		boolean proof() {
			return this.mode.equals("inclusion") || this.mode.equals("consistency");
		}

	}

	/**
	 * The ledger's size and the times of its first entry and of entry
	 * {@code entries - 1}: the span the fill wrote in one go, so that time ranges never
	 * fall into a gap left by later appends.
	 */
	private record TimeSpan(long size, long firstMillis, long lastMillis) {

		static TimeSpan of(BenchDatabase database, long entries) throws SQLException {
			try (Connection connection = database.connect();
					PreparedStatement statement = connection.prepareStatement("""
							SELECT (SELECT max(idx) + 1 FROM ledger_entry),
							       (SELECT ts FROM ledger_entry WHERE idx = 0),
							       (SELECT ts FROM ledger_entry WHERE idx = ?)
							""")) {
				statement.setLong(1, entries - 1);
				ResultSet rows = statement.executeQuery();
				rows.next();
				return new TimeSpan(rows.getLong(1), rows.getTimestamp(2).getTime(), rows.getTimestamp(3).getTime());
			}
		}

	}

}
