package io.countersign.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench's command line, without a database. */
class CountersignBenchTest {

	@Test
	void everyBenchmarkRefusesADatabaseNotNamedForTheBenchInOneLine() {
		// port 1: were the check to come after connecting, the run would fail differently
		for (String command : new String[] { "append", "http", "verify", "query", "authz", "approvals", "console" }) {
			Run run = Run.of(command, "--db", "jdbc:postgresql://127.0.0.1:1/postgres");

			assertThat(run.exit()).as(run.toString()).isEqualTo(2);
			assertThat(run.err().lines()).as(run.toString())
				.containsExactly("countersign-bench: refusing database postgres: the bench drops and creates its "
						+ "database, so its name must start with countersign_bench (lower case letters, digits and _)");
		}
	}

	@Test
	void helpListsTheBenchmarks() {
		Run run = Run.of("--help");

		assertThat(run.exit()).isZero();
		assertThat(run.out()).startsWith("Usage: countersign-bench")
			.contains("append")
			.contains("http")
			.contains("verify")
			.contains("query")
			.contains("authz")
			.contains("approvals")
			.contains("console");
	}

	@Test
	void theServerJarToLoadCanBeNamed() {
		Run run = Run.of("http", "--help");

		assertThat(run.out()).contains("--server-jar").contains("--jar");
	}

	private record Run(int exit, String out, String err) {

		static Run of(String... args) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			int exit = CountersignBench.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
					new PrintStream(err, true, StandardCharsets.UTF_8));
			return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
		}

	}

}
