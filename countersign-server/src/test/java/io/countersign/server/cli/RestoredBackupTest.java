// SPDX-License-Identifier: Apache-2.0
package io.countersign.server.cli;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restore check of docs/operations.md: a {@code pg_dump} of a ledger taken while the
 * service writes, restored into a fresh database, verifies with the CLI against a
 * checkpoint saved before the dump; without the master key it cannot be verified.
 */
class RestoredBackupTest extends PostgresApplicationTest {

	@TempDir
	Path dir;

	@Test
	void aPgDumpOfALiveLedgerRestoresAndVerifiesAgainstACheckpointSavedBefore() throws Exception {
		requireTool("pg_dump");
		requireTool("psql");
		for (int i = 0; i < 50; i++) {
			assertThat(append(i).statusCode()).isEqualTo(201);
		}
		HttpResponse<String> checkpoint = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN)
			.send("POST", "/api/v1/ledger/checkpoint");
		assertThat(checkpoint.statusCode()).isEqualTo(200);
		Path saved = Files.writeString(this.dir.resolve("checkpoint-before-backup.txt"), checkpoint.body());
		for (int i = 50; i < 80; i++) {
			assertThat(append(i).statusCode()).isEqualTo(201);
		}
		Path dump = this.dir.resolve("countersign.sql");

		run(List.of("pg_dump", "--no-owner", "--no-privileges", "--file", dump.toString(), libpq(database())));
		try (PostgresTestDatabase restored = PostgresTestDatabase.create()) {
			run(List.of("psql", "--quiet", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "--file", dump.toString(),
					libpq(restored)));

			CliRun verified = CliRun.of("verify", "--db", restored.jdbcUrl(), "--master-key", TestSecrets.MASTER_KEY,
					"--checkpoint", saved.toString());
			CliRun withoutKey = CliRun.of("verify", "--db", restored.jdbcUrl(), "--master-key",
					"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=", "--checkpoint", saved.toString());

			assertThat(verified.exit()).as(verified.toString()).isEqualTo(ExitStatus.OK);
			assertThat(verified.out()).startsWith("INTACT:");
			long entries = Long.parseLong(verified.out().replaceFirst("INTACT: (\\d+) entries.*(?s).*", "$1"));
			assertThat(entries).isGreaterThanOrEqualTo(80);
			assertThat(withoutKey.exit()).as(withoutKey.toString()).isNotEqualTo(ExitStatus.OK);
		}
	}

	private HttpResponse<String> append(int i) {
		return this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN)
			.post("/api/v1/events", "application/json",
					"{\"type\":\"backup.check\",\"actor\":{\"id\":\"user-" + i + "\",\"type\":\"user\"}}");
	}

	/** A libpq connection URI for the database (pg_dump and psql take it as the name). */
	private static String libpq(PostgresTestDatabase database) {
		String hostAndDatabase = database.bareJdbcUrl().substring("jdbc:postgresql://".length());
		return "postgresql://" + database.username() + "@" + hostAndDatabase;
	}

	private static void requireTool(String name) {
		boolean found = System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(":"))
			.anyMatch((directory) -> Files.isExecutable(Path.of(directory, name)));
		if (!found && !"true".equalsIgnoreCase(System.getenv("CI"))) {
			Assumptions.abort(name + " is not installed (Debian: apt-get install postgresql-client)");
		}
	}

	private void run(List<String> command) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.dir.resolve(command.get(0) + ".log").toFile());
		builder.environment().put("PGPASSWORD", database().password());
		Process process = builder.start();
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(Files.readString(this.dir.resolve(command.get(0) + ".log"))).isZero();
	}

}
