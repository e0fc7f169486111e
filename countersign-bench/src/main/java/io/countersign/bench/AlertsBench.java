package io.countersign.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import io.countersign.server.alert.internal.detection.Detector;
import io.countersign.server.audit.AuditLog;
import io.countersign.server.shared.DaemonThreads;
import io.micrometer.core.instrument.MeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench alerts}: appends at the ledger's sustained speed ({@code appendAsync},
 * many producers, as {@code bench append}) while the detection engine follows the ledger
 * with the detectors the server has, and samples the detection lag every second (entries
 * and seconds behind the head), then the heap before and after.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
		description = "Detection lag (entries, seconds) and heap while appends run at full speed.")
final class AlertsBench implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Option(names = "--db", defaultValue = "jdbc:postgresql://127.0.0.1:5432/countersign_bench_alerts",
			description = "PostgreSQL database, dropped and created afresh (default: ${DEFAULT-VALUE}).")
	private String db;

	@Option(names = "--producers", defaultValue = "64", description = "Producer threads (default: ${DEFAULT-VALUE}).")
	private int producers;

	@Option(names = "--in-flight", defaultValue = "16",
			description = "appendAsync calls each producer keeps in flight (default: ${DEFAULT-VALUE}).")
	private int inFlight;

	@Option(names = "--warmup", defaultValue = "15",
			description = "Seconds before counting (default: ${DEFAULT-VALUE}).")
	private int warmupSeconds;

	@Option(names = "--seconds", defaultValue = "30",
			description = "Seconds counted, lag sampled each second (default: ${DEFAULT-VALUE}).")
	private int seconds;

	@Option(names = "--batch-size", defaultValue = "1000",
			description = "countersign.alerts.batch-size of the engine (default: ${DEFAULT-VALUE}).")
	private int batchSize;

	@Option(names = "--sample-detector", negatable = true, defaultValue = "true", fallbackValue = "true",
			description = "Add the bench's windowed sample detector to the server's own (default: ${DEFAULT-VALUE}).")
	private boolean sampleDetector;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = this.spec.commandLine().getOut();
		BenchDatabase database = BenchDatabase.of(this.db);
		database.recreate();
		out.println(Machine.describe(database));
		out.printf("database: %s (fresh), %d producers x %d in flight, %d s warm-up, %d s counted%n", database.name(),
				this.producers, this.inFlight, this.warmupSeconds, this.seconds);
		out.flush();
		Class<?>[] beside = this.sampleDetector ? new Class<?>[] { SampleDetector.Beans.class } : new Class<?>[0];
		try (InProcessServer server = InProcessServer.start(database, ServerSecrets.generate(),
				Map.of("countersign.alerts.batch-size", this.batchSize), beside)) {
			List<String> rules = server.beans(Detector.class).stream().map(Detector::rule).sorted().toList();
			out.printf("detectors: %s%n", rules.isEmpty() ? "none" : String.join(", ", rules));
			MeterRegistry registry = server.bean(MeterRegistry.class);
			long heapBefore = heapAfterGc();
			List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
			AtomicBoolean sampling = new AtomicBoolean(true);
			Thread sampler = DaemonThreads.unstarted("bench-lag-sampler", () -> sample(registry, sampling, samples));
			ProducerLoad load = new ProducerLoad(this.producers, this.inFlight, Duration.ofSeconds(this.warmupSeconds),
					Duration.ofSeconds(this.seconds));
			Throughput throughput;
			try (Connection stats = database.connect()) {
				Thread starter = DaemonThreads.unstarted("bench-lag-start", () -> {
					try {
						Thread.sleep(Duration.ofSeconds(this.warmupSeconds).toMillis());
						sampler.start();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
				starter.start();
				throughput = load.run(new SequencerTarget(server.bean(AuditLog.class), this.inFlight), 42,
						() -> ResourceUse.read(stats, database.name()));
				sampling.set(false);
				sampler.join();
			}
			long drainStart = System.nanoTime();
			double lagAtEnd = gauge(registry, "countersign.alerts.detection.lag.entries");
			while (gauge(registry, "countersign.alerts.detection.lag.entries") > 0) {
				Thread.sleep(100);
			}
			double drained = (System.nanoTime() - drainStart) / 1e9;
			long heapAfter = heapAfterGc();
			double evaluated = registry.find("countersign.alerts.detection.evaluated").counter().count();
			out.println();
			out.printf("appended: %s%n", throughput);
			out.printf(
					"evaluated: %,.0f entries in all; lag when the load stopped %,.0f entries, caught up %.1f s later%n",
					evaluated, lagAtEnd, drained);
			out.printf(
					"lag sampled each second (%d samples): entries p50 %,d p99 %,d max %,d | seconds p50 %.2f p99 %.2f max %.2f%n",
					samples.size(), percentile(samples, 0, 50), percentile(samples, 0, 99), percentile(samples, 0, 100),
					percentile(samples, 1, 50) / 1000.0, percentile(samples, 1, 99) / 1000.0,
					percentile(samples, 1, 100) / 1000.0);
			out.printf("heap after GC: %,d MiB before the load, %,d MiB after it (detection caught up)%n",
					heapBefore >> 20, heapAfter >> 20);
			out.println("targets: >= 50,000 ev/s appended, detection lag < 2 s");
		}
		return 0;
	}

	private static void sample(MeterRegistry registry, AtomicBoolean sampling, List<long[]> samples) {
		while (sampling.get()) {
			samples.add(new long[] { (long) gauge(registry, "countersign.alerts.detection.lag.entries"),
					(long) (gauge(registry, "countersign.alerts.detection.lag.seconds") * 1000) });
			try {
				Thread.sleep(1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static double gauge(MeterRegistry registry, String name) {
		return registry.find(name).gauge().value();
	}

	/** Nearest rank over the samples of one column. */
	private static long percentile(List<long[]> samples, int column, int percent) {
		if (samples.isEmpty()) {
			return 0;
		}
		long[] values = samples.stream().mapToLong((sample) -> sample[column]).sorted().toArray();
		int rank = (int) Math.ceil(percent / 100.0 * values.length);
		return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
	}

	private static long heapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		System.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

}
