package io.countersign.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The machine a benchmark ran on, printed with every set of figures so that numbers from
 * different machines are never compared by accident.
 */
record Machine(int cores, long memoryBytes, String jdk, String os, String postgres, double loadAverage) {

	static Machine describe(BenchDatabase database) throws SQLException {
		long memory = (ManagementFactory
			.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
					? os.getTotalMemorySize() : -1;
		String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
		String system = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch");
		return new Machine(Runtime.getRuntime().availableProcessors(), memory, jdk, system, postgresVersion(database),
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
	}

	private static String postgresVersion(BenchDatabase database) throws SQLException {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SHOW server_version")) {
			rows.next();
			return "PostgreSQL " + rows.getString(1);
		}
	}

	@Override
	public String toString() {
		// the load average tells whether something else was running at the same time
		return "machine: %d cores, %.1f GiB, %s, %s, %s, load average %.2f at start".formatted(this.cores,
				this.memoryBytes / (1024.0 * 1024 * 1024), this.jdk, this.os, this.postgres, this.loadAverage);
	}

}
