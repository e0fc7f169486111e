package io.countersign.bench;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench compliance}: a full evaluation of every control ({@code POST
 * /api/v1/compliance/checks}: every automated check, the results stored, the day's scores
 * and the ledger event appended) on a large ledger. Issue 18 asks for under 5 s on
 * 10,000,000 entries. The checks read indexed rows only, so the time should not grow with
 * the ledger.
 */
@Command(name = "compliance", mixinStandardHelpOptions = true,
		description = "Time a full compliance evaluation (POST /api/v1/compliance/checks) on a large ledger "
				+ "(filled once, then reused).")
final class ComplianceBench implements Callable<Integer> {

	static final Duration TARGET = Duration.ofSeconds(5);

	@Spec
	private CommandSpec spec;

	@Option(names = "--db", defaultValue = "jdbc:postgresql://127.0.0.1:5432/countersign_bench_10m",
			description = "PostgreSQL database, created and filled if it holds fewer than --entries "
					+ "(default: ${DEFAULT-VALUE}).")
	private String db;

	@Option(names = "--entries", defaultValue = "10000000",
			description = "Ledger size to measure on (default: ${DEFAULT-VALUE}).")
	private long entries;

	@Option(names = "--runs", defaultValue = "5",
			description = "Evaluations measured, after one warm-up (default: ${DEFAULT-VALUE}).")
	private int runs;

	@Option(names = "--heap", defaultValue = "512m", description = "The server's -Xmx (default: ${DEFAULT-VALUE}).")
	private String heap;

	@Option(names = "--state-dir", defaultValue = "${sys:user.home}/.countersign-bench",
			description = "Where the bench database's secrets are kept between runs (default: ${DEFAULT-VALUE}).")
	private Path stateDir;

	@Mixin
	private ServerUnderLoad serverUnderLoad;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		BenchDatabase database = BenchDatabase.of(this.db);
		database.createIfAbsent();
		out.println(Machine.describe(database));
		ServerSecrets secrets = new LedgerFill(database, this.stateDir).ensure(this.entries, out);
		out.printf("ledger: %,d entries%n", database.ledgerSize());
		List<String> jvm = List.of("-Xmx" + this.heap);
		out.printf("starting the server jar with %s ...%n", jvm);
		out.flush();
		List<Duration> times = new ArrayList<>();
		try (ServerProcess server = ServerProcess.start(this.serverUnderLoad.serverJar(), jvm, database, secrets)) {
			out.printf("server pid %d, log %s%n", server.pid(), server.log());
			HttpClient client = HttpClient.newHttpClient();
			URI checks = server.uri("/api/v1/compliance/checks");
			for (int run = 0; run <= this.runs; run++) {
				long start = System.nanoTime();
				HttpResponse<String> response = client.send(HttpRequest.newBuilder(checks)
					.header("Authorization", "Bearer " + secrets.token())
					.POST(HttpRequest.BodyPublishers.noBody())
					.timeout(Duration.ofMinutes(5))
					.build(), HttpResponse.BodyHandlers.ofString());
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				if (response.statusCode() != 200) {
					out.printf("POST /api/v1/compliance/checks answered %d: %s%n", response.statusCode(),
							response.body());
					return CountersignBench.ERROR;
				}
				out.printf("  %s %d: %,d ms%n", (run == 0) ? "warm-up" : "run", run, took.toMillis());
				out.flush();
				if (run > 0) {
					times.add(took);
				}
			}
		}
		times.sort(null);
		Duration worst = times.get(times.size() - 1);
		Duration median = times.get(times.size() / 2);
		out.println();
		out.printf(
				"full compliance evaluation (every check, results stored, ledger event appended), %,d-entry "
						+ "ledger: median %,d ms, worst %,d ms of %d runs (client wall time incl. loopback)%n",
				database.ledgerSize(), median.toMillis(), worst.toMillis(), times.size());
		out.printf("%s: worst < %d s%n", (worst.compareTo(TARGET) < 0) ? "PASS" : "FAIL", TARGET.toSeconds());
		return 0;
	}

}
