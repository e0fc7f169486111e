package io.countersign.bench;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.countersign.server.audit.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench append}: durable appends through the sequencer against a plain batched
 * INSERT of the same rows and against the naive one-transaction-per-event design, in one
 * run on one fresh database.
 */
@Command(name = "append", mixinStandardHelpOptions = true,
		description = "Durable appends through AuditLog vs. plain batched INSERT vs. naive per-event transactions.")
final class AppendBench implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Option(names = "--db", defaultValue = "jdbc:postgresql://127.0.0.1:5432/countersign_bench_append",
			description = "PostgreSQL database, dropped and created afresh (default: ${DEFAULT-VALUE}).")
	private String db;

	@Option(names = "--producers", defaultValue = "64", description = "Producer threads (default: ${DEFAULT-VALUE}).")
	private int producers;

	@Option(names = "--in-flight", defaultValue = "1,16", split = ",",
			description = "Appends each producer keeps in flight, one run per value; 1 calls AuditLog.append "
					+ "and waits, more use appendAsync (default: ${DEFAULT-VALUE}).")
	private List<Integer> inFlight;

	@Option(names = "--batch", defaultValue = "4096",
			description = "Largest batch of the plain INSERT baseline; match countersign.ledger.max-batch "
					+ "(default: ${DEFAULT-VALUE}).")
	private int batch;

	// Long enough for the JIT to finish compiling the append path on two cores.
	@Option(names = "--warmup", defaultValue = "15",
			description = "Seconds before counting (default: ${DEFAULT-VALUE}).")
	private int warmupSeconds;

	@Option(names = "--seconds", defaultValue = "20",
			description = "Seconds counted per run (default: ${DEFAULT-VALUE}).")
	private int seconds;

	@Option(names = "--naive-producers", defaultValue = "64,4,1", split = ",",
			description = "Producer threads of the naive baseline, one run per value; the sequencer is compared "
					+ "with the fastest; 0 leaves it out (default: ${DEFAULT-VALUE}).")
	private List<Integer> naiveProducers;

	@Option(names = "--plain", negatable = true, defaultValue = "true", fallbackValue = "true",
			description = "Measure the plain batched INSERT baseline before each sequencer run; --no-plain "
					+ "leaves it out while iterating (default: ${DEFAULT-VALUE}).")
	private boolean plainBaseline;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		BenchDatabase database = BenchDatabase.of(this.db);
		database.recreate();
		out.println(Machine.describe(database));
		out.printf("database: %s (fresh), %d producers, %d s warm-up, %d s counted per run%n", database.name(),
				this.producers, this.warmupSeconds, this.seconds);
		out.flush();
		List<String> lines = new ArrayList<>();
		try (InProcessServer server = InProcessServer.start(database, ServerSecrets.generate())) {
			AuditLog auditLog = server.bean(AuditLog.class);
			Throughput naive = null;
			int naiveBest = 0;
			for (int naiveProducers : this.naiveProducers.stream().filter((count) -> count > 0).toList()) {
				try (NaiveChainedInsert target = new NaiveChainedInsert(database)) {
					Throughput throughput = measure("naive per-event transaction", target, naiveProducers, 1, database,
							out);
					out.printf("    (%,d retries after losing the race for the next index)%n", target.retries());
					if (naive == null || throughput.perSecond() > naive.perSecond()) {
						naive = throughput;
						naiveBest = naiveProducers;
					}
				}
			}
			for (int window : this.inFlight) {
				Throughput plain = null;
				if (this.plainBaseline) {
					try (PlainBatchedInsert target = new PlainBatchedInsert(database, this.batch)) {
						plain = measure("plain batched INSERT", target, this.producers, window, database, out);
					}
				}
				Throughput sequencer = measure("sequencer (AuditLog)", new SequencerTarget(auditLog, window),
						this.producers, window, database, out);
				String mode = (window == 1) ? "append, 1 in flight per producer"
						: "appendAsync, " + window + " in flight per producer";
				StringBuilder line = new StringBuilder(
						"%s: sequencer %,.0f ev/s".formatted(mode, sequencer.perSecond()));
				if (plain != null) {
					line.append(" | plain batched INSERT %,.0f ev/s (%.2fx)".formatted(plain.perSecond(),
							sequencer.ratioTo(plain)));
				}
				if (naive != null) {
					line.append(" | naive %,.0f ev/s at %d producers (%.1fx)".formatted(naive.perSecond(), naiveBest,
							sequencer.ratioTo(naive)));
				}
				lines.add(line.toString());
			}
		}
		out.println();
		out.printf("leaves: %s%n", leafSizes(database));
		out.printf("%d producer threads, targets: >= 50,000 ev/s, >= 0.5x plain INSERT, >= 15x naive%n",
				this.producers);
		lines.forEach(out::println);
		return 0;
	}

	private <P> Throughput measure(String name, AppendTarget<P> target, int producers, int window,
			BenchDatabase database, PrintWriter out) throws Exception {
		out.printf("  %s, %d producers, %d in flight each ...%n", name, producers, window);
		out.flush();
		ProducerLoad load = new ProducerLoad(producers, window, Duration.ofSeconds(this.warmupSeconds),
				Duration.ofSeconds(this.seconds));
		try (Connection stats = database.connect()) {
			Throughput throughput = load.run(target, 42, () -> ResourceUse.read(stats, database.name()));
			out.printf("    %s%n", throughput);
			out.flush();
			return throughput;
		}
	}

	private static String leafSizes(BenchDatabase database) throws SQLException {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("""
						SELECT avg(octet_length(leaf)), min(octet_length(leaf)), max(octet_length(leaf))
						FROM ledger_entry
						""")) {
			rows.next();
			return "%.0f bytes on average (%d to %d) as canonical JSON".formatted(rows.getDouble(1), rows.getInt(2),
					rows.getInt(3));
		}
	}

}
