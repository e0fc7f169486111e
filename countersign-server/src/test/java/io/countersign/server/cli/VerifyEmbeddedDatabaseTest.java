// SPDX-License-Identifier: Apache-2.0
package io.countersign.server.cli;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.ServerProcess;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verify --db} on the embedded database, as the README shows it: a mistyped path
 * is refused instead of creating an empty database, a database held by a running server
 * is refused with what to do, and once the server stops the ledger verifies against a
 * checkpoint saved while it ran.
 */
class VerifyEmbeddedDatabaseTest {

	@TempDir
	Path dir;

	@Test
	void verifiesAStoppedServersDatabaseAndRefusesAWrongPathOrARunningServer() throws Exception {
		Path data = this.dir.resolve("data");
		String url = "jdbc:h2:file:" + data.resolve("countersign");
		Path saved = this.dir.resolve("saved-checkpoint.txt");
		try (ServerProcess server = ServerProcess
			.start(Map.of("countersign.data-dir", data.toString(), "countersign.master-key", TestSecrets.MASTER_KEY,
					"countersign.bootstrap-token", TestSecrets.BOOTSTRAP_TOKEN), this.dir.resolve("server.log"))) {
			ApiClient api = server.api().withToken(TestSecrets.BOOTSTRAP_TOKEN);
			for (int i = 0; i < 5; i++) {
				assertThat(api
					.post("/api/v1/events", "application/json",
							"{\"type\":\"h2.verify\",\"actor\":{\"id\":\"alice\",\"type\":\"user\"}}")
					.statusCode()).isEqualTo(201);
			}
			HttpResponse<String> checkpoint = api.send("POST", "/api/v1/ledger/checkpoint");
			assertThat(checkpoint.statusCode()).isEqualTo(200);
			Files.writeString(saved, checkpoint.body());

			CliRun running = CliRun.of("verify", "--db", url, "--master-key", TestSecrets.MASTER_KEY);

			assertThat(running.exit()).as(running.toString()).isEqualTo(ExitStatus.ERROR);
			assertThat(running.err().strip()).as(running.toString())
				.contains("in use by a running server; stop the server first")
				.doesNotContain("\n");
		}

		CliRun stopped = CliRun.of("verify", "--db", url, "--master-key", TestSecrets.MASTER_KEY, "--checkpoint",
				saved.toString());
		String wrongPath = "jdbc:h2:file:" + this.dir.resolve("dta").resolve("countersign");
		CliRun mistyped = CliRun.of("verify", "--db", wrongPath, "--master-key", TestSecrets.MASTER_KEY);

		assertThat(stopped.exit()).as(stopped.toString()).isEqualTo(ExitStatus.OK);
		assertThat(stopped.out()).startsWith("INTACT:");
		assertThat(mistyped.exit()).as(mistyped.toString()).isEqualTo(ExitStatus.ERROR);
		assertThat(mistyped.err().strip()).as(mistyped.toString())
			.startsWith("countersign: cannot read the ledger database " + wrongPath + ": no H2 database exists there")
			.doesNotContain("\n");
		assertThat(this.dir.resolve("dta")).doesNotExist();
	}

}
