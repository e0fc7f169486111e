package io.countersign.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench http}: the real server jar on PostgreSQL, driven by wrk with one event per
 * {@code POST /api/v1/events}.
 */
@Command(name = "http", mixinStandardHelpOptions = true,
		description = "Single-event HTTP appends from wrk against the server jar started as a child process.")
final class HttpBench implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Option(names = "--db", defaultValue = "jdbc:postgresql://127.0.0.1:5432/countersign_bench_http",
			description = "PostgreSQL database, dropped and created afresh (default: ${DEFAULT-VALUE}).")
	private String db;

	// On two cores the C2 compiler needs about a minute of this load before throughput
	// stops climbing (measured: 900 req/s at 10 s, 5,900 req/s after 50 s).
	@Option(names = "--warmup", defaultValue = "60",
			description = "Seconds of unreported load first (default: ${DEFAULT-VALUE}).")
	private int warmupSeconds;

	@Option(names = "--seconds", defaultValue = "30", description = "Seconds measured (default: ${DEFAULT-VALUE}).")
	private int seconds;

	@Option(names = "--heap", defaultValue = "1g", description = "The server's -Xmx (default: ${DEFAULT-VALUE}).")
	private String heap;

	@Mixin
	private ServerUnderLoad serverUnderLoad;

	@Mixin
	private ConnectionLoad load;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		BenchDatabase database = BenchDatabase.of(this.db);
		database.recreate();
		out.println(Machine.describe(database));
		ServerSecrets secrets = ServerSecrets.generate();
		List<String> jvm = List.of("-Xmx" + this.heap);
		out.printf("starting %s %s on %s ...%n", this.serverUnderLoad.serverJar(), jvm, database.name());
		out.flush();
		try (ServerProcess server = ServerProcess.start(this.serverUnderLoad.serverJar(), jvm, database, secrets)) {
			out.printf("server pid %d, log %s%n", server.pid(), server.log());
			Wrk warmup = this.load.wrk(this.serverUnderLoad.wrk(), Duration.ofSeconds(this.warmupSeconds));
			out.printf("  warm-up: wrk -t%d -c%d -d%ds%n", this.load.threads(), this.load.connections(),
					this.warmupSeconds);
			out.flush();
			warmup.run("append-event.lua", server.uri("/api/v1/events"), secrets.token(), List.of(), out);
			long before = database.ledgerSize();
			Wrk measured = this.load.wrk(this.serverUnderLoad.wrk(), Duration.ofSeconds(this.seconds));
			out.printf("  measured: wrk -t%d -c%d -d%ds --latency -s append-event.lua%n", this.load.threads(),
					this.load.connections(), this.seconds);
			out.flush();
			Optional<Duration> cpuBefore = server.cpuTime();
			Wrk.WrkResult result = measured.run("append-event.lua", server.uri("/api/v1/events"), secrets.token(),
					List.of(), out);
			Optional<Duration> cpuAfter = server.cpuTime();
			long appended = database.ledgerSize() - before;
			out.println();
			out.printf("targets: >= 10,000 ev/s, p99 < 50 ms%n");
			out.printf(
					"HTTP single-event appends, %d connections: %,.0f ev/s, p50 %s, p99 %s, max %s "
							+ "(%,d requests, %,d failed; ledger grew by %,d)%n",
					this.load.connections(), result.perSecond(), Wrk.WrkResult.millis(result.p50()),
					Wrk.WrkResult.millis(result.p99()), Wrk.WrkResult.millis(result.max()), result.requests(),
					result.failed(), appended);
			// What the throughput target asks of the server: on two cores shared with wrk
			// and PostgreSQL, 10,000 ev/s leaves it roughly 120 µs of CPU per request.
			if (cpuBefore.isPresent() && cpuAfter.isPresent() && result.requests() > 0) {
				Duration used = cpuAfter.get().minus(cpuBefore.get());
				out.printf("server CPU: %,.0f µs per request (%.2f cores over the measured run)%n",
						used.toNanos() / 1e3 / result.requests(), used.toNanos() / (double) result.elapsed().toNanos());
			}
		}
		return 0;
	}

}
