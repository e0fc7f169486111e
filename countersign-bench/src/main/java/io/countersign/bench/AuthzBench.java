package io.countersign.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench authz}: what the API's permission check costs. The events endpoints are
 * loaded with wrk, in the same run, against the server jar as shipped and against the
 * same jar started with {@link AccessCheckRemovedServer} as its main class, and the p99s
 * are compared. Both servers authenticate the same admin token; only the check of the
 * handler's access rule differs.
 */
@Command(name = "authz", mixinStandardHelpOptions = true,
		description = "p50/p99 of POST and GET /api/v1/events with and without the permission check, same jar.")
final class AuthzBench implements Callable<Integer> {

	static final String READ_PATH = "/api/v1/events?limit=10";

	@Spec
	private CommandSpec spec;

	@Option(names = "--db", defaultValue = "jdbc:postgresql://127.0.0.1:5432/countersign_bench_authz",
			description = "PostgreSQL database, dropped and created afresh for each server (default: ${DEFAULT-VALUE}).")
	private String db;

	@Option(names = "--warmup", defaultValue = "20",
			description = "Seconds of unreported load before each measured run (default: ${DEFAULT-VALUE}).")
	private int warmupSeconds;

	@Option(names = "--seconds", defaultValue = "20",
			description = "Seconds measured per endpoint and server (default: ${DEFAULT-VALUE}).")
	private int seconds;

	@Option(names = "--heap", defaultValue = "1g", description = "The servers' -Xmx (default: ${DEFAULT-VALUE}).")
	private String heap;

	@Option(names = "--rounds", defaultValue = "1",
			description = "Rounds; round 2 starts the servers in the opposite order (with, without, without, "
					+ "with, …) so that drift of the machine favours neither (default: ${DEFAULT-VALUE}).")
	private int rounds;

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
		Path jar = this.serverUnderLoad.serverJar().toAbsolutePath();
		List<Variant> variants = List.of(
				new Variant("with the permission check", List.of("-jar", jar.toString()), false),
				new Variant("without (no-op interceptor)", AccessCheckRemovedServer.launch(jar), true));
		List<Measured> checked = new ArrayList<>();
		List<Measured> unchecked = new ArrayList<>();
		for (int round = 0; round < this.rounds; round++) {
			List<Variant> order = (round % 2 == 0) ? variants : List.of(variants.get(1), variants.get(0));
			for (Variant variant : order) {
				Measured measured = measure(variant, database, out);
				(variant.checkRemoved() ? unchecked : checked).add(measured);
			}
		}
		out.println();
		out.printf(
				"%d connections, wrk -t%d, %d s warm-up + %d s measured per endpoint and server, -Xmx%s, "
						+ "%d round(s)%n",
				this.load.connections(), this.load.threads(), this.warmupSeconds, this.seconds, this.heap, this.rounds);
		for (int round = 0; round < this.rounds; round++) {
			out.printf("round %d%n", round + 1);
			report("POST /api/v1/events (one event)", checked.get(round).append(), unchecked.get(round).append(), out);
			checked.get(round).appendTimings().ifPresent((timings) -> out.printf("  %s%n", timings));
			report("GET " + READ_PATH, checked.get(round).read(), unchecked.get(round).read(), out);
			checked.get(round).readTimings().ifPresent((timings) -> out.printf("  %s%n", timings));
		}
		if (this.rounds > 1) {
			out.println("mean over the rounds");
			summary("POST /api/v1/events (one event)", checked.stream().map(Measured::append).toList(),
					unchecked.stream().map(Measured::append).toList(), out);
			summary("GET " + READ_PATH, checked.stream().map(Measured::read).toList(),
					unchecked.stream().map(Measured::read).toList(), out);
		}
		double worst = checked.stream()
			.flatMap((measured) -> Stream.of(measured.appendTimings(), measured.readTimings()))
			.flatMap(Optional::stream)
			.mapToDouble(AccessTimings::accessP99Micros)
			.max()
			.orElse(Double.NaN);
		out.printf("access control (authentication + permission check) p99, worst run: %.1f µs (target: < 1 ms)%n",
				worst);
		return 0;
	}

	private Measured measure(Variant variant, BenchDatabase database, PrintWriter out) throws Exception {
		database.recreate();
		ServerSecrets secrets = ServerSecrets.generate();
		List<String> jvm = List.of("-Xmx" + this.heap);
		out.printf("%nserver %s: java %s %s%n", variant.name(), String.join(" ", jvm),
				String.join(" ", variant.launch()));
		out.flush();
		try (ServerProcess server = ServerProcess.start(variant.launch(), jvm, database, secrets)) {
			out.printf("server pid %d, log %s%n", server.pid(), server.log());
			boolean removed = java.nio.file.Files.readString(server.log()).contains(AccessCheckRemovedServer.BANNER);
			if (removed != variant.checkRemoved()) {
				throw new IllegalStateException("the server " + (removed ? "runs without" : "runs with")
						+ " the permission check, expected the opposite; see " + server.log());
			}
			Wrk.WrkResult append = load(server, secrets, "append-event.lua", "/api/v1/events", out);
			Optional<AccessTimings> appendTimings = timings(variant, server, secrets, out);
			Wrk.WrkResult read = load(server, secrets, "read-events.lua", READ_PATH, out);
			Optional<AccessTimings> readTimings = timings(variant, server, secrets, out);
			return new Measured(append, read, appendTimings, readTimings);
		}
	}

	/** The server's own access-control timers, read right after the measured run. */
	private static Optional<AccessTimings> timings(Variant variant, ServerProcess server, ServerSecrets secrets,
			PrintWriter out) throws Exception {
		if (variant.checkRemoved()) {
			return Optional.empty();
		}
		AccessTimings timings = AccessTimings.scrape(server.uri("/actuator/prometheus"), secrets.token());
		out.printf("  => %s%n", timings);
		out.flush();
		return Optional.of(timings);
	}

	private Wrk.WrkResult load(ServerProcess server, ServerSecrets secrets, String script, String path, PrintWriter out)
			throws Exception {
		out.printf("  %s: warm-up %d s, then wrk -t%d -c%d -d%ds --latency -s %s%n", path, this.warmupSeconds,
				this.load.threads(), this.load.connections(), this.seconds, script);
		out.flush();
		this.load.wrk(this.serverUnderLoad.wrk(), Duration.ofSeconds(this.warmupSeconds))
			.run(script, server.uri(path), secrets.token(), List.of(), new PrintWriter(java.io.Writer.nullWriter()));
		Wrk.WrkResult result = this.load.wrk(this.serverUnderLoad.wrk(), Duration.ofSeconds(this.seconds))
			.run(script, server.uri(path), secrets.token(), List.of(), out);
		out.printf("  => %s%n", result);
		out.flush();
		return result;
	}

	private static void report(String endpoint, Wrk.WrkResult checked, Wrk.WrkResult unchecked, PrintWriter out) {
		double added = (checked.p99().toNanos() - unchecked.p99().toNanos()) / 1e6;
		double share = 100.0 * (checked.p99().toNanos() - unchecked.p99().toNanos()) / checked.p99().toNanos();
		out.printf("%s%n", endpoint);
		out.printf("  with the check:    %s%n", checked);
		out.printf("  without the check: %s%n", unchecked);
		out.printf(
				"  authorization adds %.2f ms p99 (%.1f%% of the p99 with the check); p50 %+.2f ms; "
						+ "throughput %+.1f%%%n",
				added, share, (checked.p50().toNanos() - unchecked.p50().toNanos()) / 1e6,
				100.0 * (checked.perSecond() - unchecked.perSecond()) / unchecked.perSecond());
	}

	private static void summary(String endpoint, List<Wrk.WrkResult> checked, List<Wrk.WrkResult> unchecked,
			PrintWriter out) {
		double p99With = meanMillis(checked, Wrk.WrkResult::p99);
		double p99Without = meanMillis(unchecked, Wrk.WrkResult::p99);
		out.printf("%s: p50 %.2f / %.2f ms, p99 %.2f / %.2f ms, %,.0f / %,.0f req/s (with / without the check)%n",
				endpoint, meanMillis(checked, Wrk.WrkResult::p50), meanMillis(unchecked, Wrk.WrkResult::p50), p99With,
				p99Without, checked.stream().mapToDouble(Wrk.WrkResult::perSecond).average().orElse(0),
				unchecked.stream().mapToDouble(Wrk.WrkResult::perSecond).average().orElse(0));
		out.printf("  authorization adds %.2f ms p99 (%.1f%% of the p99 with the check)%n", p99With - p99Without,
				100.0 * (p99With - p99Without) / p99With);
	}

	private static double meanMillis(List<Wrk.WrkResult> results,
			java.util.function.Function<Wrk.WrkResult, Duration> percentile) {
		return results.stream().mapToDouble((result) -> percentile.apply(result).toNanos() / 1e6).average().orElse(0);
	}

	private record Variant(String name, List<String> launch, boolean checkRemoved) {
	}

	private record Measured(Wrk.WrkResult append, Wrk.WrkResult read, Optional<AccessTimings> appendTimings,
			Optional<AccessTimings> readTimings) {
	}

}
