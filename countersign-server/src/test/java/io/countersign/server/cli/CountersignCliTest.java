package io.countersign.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's contract without a database: routing, help and usage errors. */
class CountersignCliTest {

	@TempDir
	Path files;

	@Test
	void onlyCommandsLeaveServingModeBehind() {
		assertThat(CountersignCli.isCommand(new String[0])).isFalse();
		assertThat(CountersignCli.isCommand(new String[] { "--server.port=9090" })).isFalse();
		assertThat(CountersignCli.isCommand(new String[] { "verify", "--db", "x" })).isTrue();
		assertThat(CountersignCli.isCommand(new String[] { "export" })).isTrue();
		// every registered command, the admin ones included (delegations once started a
		// server instead)
		for (String command : List.of("users", "tokens", "roles", "keys", "approvals", "delegations", "recover-admin",
				"help", "--help", "--version")) {
			assertThat(CountersignCli.isCommand(new String[] { command, "--help" })).as(command).isTrue();
		}
		assertThat(CountersignCli.isCommand(new String[] { "delegationz" })).isFalse();
		// the benchmarks' old name must not start a server either
		assertThat(CountersignCli.isCommand(new String[] { "bench" })).isTrue();
	}

	@Test
	void helpListsTheCommandsAndSucceeds() {
		CliRun run = CliRun.of("--help");

		assertThat(run.exit()).isZero();
		assertThat(run.out()).contains("verify").contains("export").doesNotContain("bench");
	}

	@Test
	void benchSaysInOneLineThatTheBenchmarksAreASeparateJar() {
		for (String[] command : new String[][] { { "bench" }, { "bench", "append", "--seconds", "1" },
				{ "bench", "--help" } }) {
			CliRun run = CliRun.of(command);

			assertThat(run.exit()).as(run.toString()).isEqualTo(2);
			assertThat(run.out()).as(run.toString()).isEmpty();
			assertThat(run.err()).as(run.toString())
				.isEqualTo(CountersignCli.BENCH_MOVED + System.lineSeparator())
				.contains("countersign-bench/target/countersign-bench.jar");
		}
	}

	@Test
	void everyCommandAnswersHelpAfterItsName() {
		for (String[] command : new String[][] { { "verify", "--help" }, { "export", "-h" }, { "users", "--help" },
				{ "tokens", "create", "--help" }, { "roles", "grant", "--help" } }) {
			CliRun help = CliRun.of(command);
			assertThat(help.exit()).as(help.toString()).isZero();
			assertThat(help.out()).as(help.toString()).startsWith("Usage: countersign " + command[0]);
		}
		assertThat(CliRun.of("verify", "--help").out()).contains("--db").contains("--checkpoint");
	}

	@Test
	void verifyNeedsExactlyOneOfDatabaseAndBundle() {
		assertThat(CliRun.of("verify").exit()).isEqualTo(2);
		CliRun both = CliRun.of("verify", "--db", "jdbc:h2:mem:x", "--bundle", "b.zip");

		assertThat(both.exit()).isEqualTo(2);
		assertThat(both.err()).startsWith("countersign: give either --db <jdbc-url> or --bundle <file>");
	}

	@Test
	void unknownOptionIsAUsageError() {
		CliRun run = CliRun.of("verify", "--no-such-option");

		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).startsWith("countersign: Unknown option: '--no-such-option'");
	}

	@Test
	void missingBundleIsAnError() {
		CliRun run = CliRun.of("verify", "--bundle", this.files.resolve("absent.zip").toString());

		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).contains("no such file");
	}

	@Test
	void garbageBundleIsAnError() throws Exception {
		Path garbage = Files.writeString(this.files.resolve("garbage.zip"), "not a zip archive");

		assertThat(CliRun.of("verify", "--bundle", garbage.toString()).exit()).isEqualTo(2);
	}

	@Test
	void malformedPinnedKeyIsAnError() throws Exception {
		Path garbage = Files.writeString(this.files.resolve("garbage.zip"), "not a zip archive");

		CliRun run = CliRun.of("verify", "--bundle", garbage.toString(), "--key", "nonsense");

		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).contains("not a verifier key");
	}

	@Test
	void verifyWithoutAnyMasterKeyNeverCreatesOne() {
		Path dataDir = this.files.resolve("data");

		CliRun run = CliRun.of("verify", "--db", "jdbc:h2:mem:nothing", "--data-dir", dataDir.toString(),
				"--master-key", "");

		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).startsWith("countersign: no master key");
		assertThat(dataDir).doesNotExist();
	}

	@Test
	void malformedMasterKeyIsAnErrorThatDoesNotEchoIt() {
		CliRun run = CliRun.of("verify", "--db", "jdbc:h2:mem:nothing", "--master-key", "c2VjcmV0");

		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).contains("master key").doesNotContain("c2VjcmV0");
	}

	@Test
	void savedCheckpointThatIsNotOneIsAnError() throws Exception {
		Path saved = Files.writeString(this.files.resolve("saved.txt"), "hello\n");

		CliRun run = CliRun.of("verify", "--db", "jdbc:h2:mem:nothing", "--master-key", TestSecrets.MASTER_KEY,
				"--checkpoint", saved.toString());

		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).contains("is not a signed checkpoint");
	}

	@Test
	void exportNeedsADatabase() {
		CliRun run = CliRun.of("export", "--out", this.files.resolve("x.zip").toString());

		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).startsWith("countersign: export needs --db <jdbc-url>");
	}

}
