package io.countersign.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What a run cost, read before and after it: transactions committed in the database, CPU
 * of this JVM, CPU of the PostgreSQL backends connected to the database and of the
 * server's WAL writer, checkpointer and background writer (when the server runs on this
 * host), and WAL written by the whole server. On a machine of two cores CPU per event is
 * what can be improved; events per second follow from it.
 *
 * @param commits transactions committed in the benchmark database
 * @param jvmCpuNanos CPU time of this process
 * @param threadCpuNanos CPU time of this process's threads, by name without its numbers
 * ("bench-producer-#"); the rest of the process is garbage collection and the VM
 * @param backendCpuNanos CPU time of each PostgreSQL backend of the database, by process
 * id
 * @param backgroundCpuNanos the same for PostgreSQL's WAL writer, checkpointer and
 * background writer
 * @param walBytes WAL position of the server, in bytes
 */
record ResourceUse(long commits, long jvmCpuNanos, Map<String, Long> threadCpuNanos, Map<Integer, Long> backendCpuNanos,
		Map<Integer, Long> backgroundCpuNanos, long walBytes) {

	/**
	 * Reads the counters now; {@code connection} must not be one of the measured ones.
	 */
	static ResourceUse read(Connection connection, String databaseName) {
		try (Statement clear = connection.createStatement(); PreparedStatement query = connection.prepareStatement("""
				SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = ?),
				       pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,
				       (SELECT array_agg(pid) FROM pg_stat_activity
				        WHERE datname = ? AND pid <> pg_backend_pid()),
				       (SELECT array_agg(pid) FROM pg_stat_activity
				        WHERE backend_type IN ('walwriter', 'checkpointer', 'background writer'))
				""")) {
			clear.execute("SELECT pg_stat_clear_snapshot()");
			query.setString(1, databaseName);
			query.setString(2, databaseName);
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return new ResourceUse(rows.getLong(1), processCpuNanos(), cpuByThread(), cpuNanos(rows.getArray(3)),
						cpuNanos(rows.getArray(4)), rows.getLong(2));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot read the database's statistics", ex);
		}
	}

	/**
	 * What was used between {@code before} and this; a process that started meanwhile
	 * counts whole, one that ended meanwhile is missed (the pools keep their
	 * connections).
	 */
	ResourceUse since(ResourceUse before) {
		return new ResourceUse(this.commits - before.commits, this.jvmCpuNanos - before.jvmCpuNanos,
				difference(this.threadCpuNanos, before.threadCpuNanos),
				difference(this.backendCpuNanos, before.backendCpuNanos),
				difference(this.backgroundCpuNanos, before.backgroundCpuNanos), this.walBytes - before.walBytes);
	}

	/** CPU per event of the JVM and of PostgreSQL, and WAL per event. */
	String perEvent(long events) {
		if (events <= 0) {
			return "no events";
		}
		String postgres = this.backendCpuNanos.isEmpty() ? "PostgreSQL CPU not readable here (server on another host?)"
				: "PostgreSQL backends %.1f µs + WAL writer, checkpointer, bgwriter %.1f µs".formatted(
						total(this.backendCpuNanos) / 1e3 / events, total(this.backgroundCpuNanos) / 1e3 / events);
		long threads = total(this.threadCpuNanos);
		StringBuilder jvm = new StringBuilder();
		this.threadCpuNanos.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(5)
			.forEach((entry) -> jvm.append("%s %.1f, ".formatted(entry.getKey(), entry.getValue() / 1e3 / events)));
		jvm.append("GC and VM %.1f".formatted((this.jvmCpuNanos - threads) / 1e3 / events));
		return "CPU per event: JVM %.1f µs (%s), %s; WAL %,.0f bytes per event (whole server)"
			.formatted(this.jvmCpuNanos / 1e3 / events, jvm, postgres, (double) this.walBytes / events);
	}

	private static Map<String, Long> cpuByThread() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Map<String, Long> nanos = new HashMap<>();
		for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
			long cpu = (thread != null) ? threads.getThreadCpuTime(thread.getThreadId()) : -1;
			if (cpu > 0) {
				nanos.merge(thread.getThreadName().replaceAll("[0-9]+", "#"), cpu, Long::sum);
			}
		}
		return nanos;
	}

	private static <K> Map<K, Long> difference(Map<K, Long> after, Map<K, Long> before) {
		Map<K, Long> used = new HashMap<>();
		after.forEach((pid, nanos) -> used.put(pid, nanos - before.getOrDefault(pid, 0L)));
		return used;
	}

	private static long total(Map<?, Long> nanos) {
		return nanos.values().stream().mapToLong(Long::longValue).sum();
	}

	private static long processCpuNanos() {
		return CpuTime.ofThisProcess().map(Duration::toNanos).orElse(-1L);
	}

	// A backend that ended since the query, or a server on another host, counts nothing.
	private static Map<Integer, Long> cpuNanos(java.sql.Array pids) throws SQLException {
		Map<Integer, Long> nanos = new HashMap<>();
		if (pids == null) {
			return nanos;
		}
		for (Object pid : (Object[]) pids.getArray()) {
			CpuTime.ofProcess((Integer) pid).ifPresent((used) -> nanos.put((Integer) pid, used.toNanos()));
		}
		return nanos;
	}

}
