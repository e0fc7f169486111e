package io.countersign.server.audit.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.RunningApplication;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A database whose ledger has entries but whose {@code ledger_key} rows are gone (deleted
 * by a superuser, or a restore without them): the server refuses to start rather than
 * generate keys that would begin a second, unverifiable history.
 */
@ExtendWith(OutputCaptureExtension.class)
class MissingLedgerKeysTest {

	@TempDir
	Path dataDir;

	@Test
	void refusesToStartWhenEveryKeyOfAnExistingLedgerIsGone(CapturedOutput output) throws SQLException {
		try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
			startOnceAndStop(database);
			deleteAsSuperuser(database, "DELETE FROM ledger_key");

			assertThatThrownBy(() -> RunningApplication.start(settings(database)).close()).rootCause()
				.isInstanceOf(MissingLedgerKeys.class)
				.hasMessageContaining("refuses to start")
				.hasMessageContaining("chain-hmac v1")
				.hasMessageContaining("checkpoint-ed25519 v1")
				.hasMessageContaining("restored or copied without its ledger_key rows")
				.hasMessageContaining("Restore the ledger_key rows");
			assertThat(output).contains("APPLICATION FAILED TO START").contains("lacks the keys they were made with");
			assertThat(count(database, "SELECT COUNT(*) FROM ledger_key")).as("no key was generated").isZero();
			assertThat(count(database, "SELECT COUNT(*) FROM ledger_entry")).isPositive();
		}
	}

	@Test
	void refusesToStartWhenOnlyTheSigningKeyIsGone() throws SQLException {
		try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
			startOnceAndStop(database);
			deleteAsSuperuser(database, "DELETE FROM ledger_key WHERE purpose = 'checkpoint-ed25519'");

			assertThatThrownBy(() -> RunningApplication.start(settings(database)).close()).rootCause()
				.isInstanceOf(MissingLedgerKeys.class)
				.hasMessageContaining("(checkpoint-ed25519 v1)");
			assertThat(count(database, "SELECT COUNT(*) FROM ledger_key WHERE purpose = 'checkpoint-ed25519'"))
				.as("no signing key was generated")
				.isZero();
		}
	}

	@Test
	void refusesToStartWhenOnlyTheChainKeyIsGone() throws SQLException {
		try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
			startOnceAndStop(database);
			deleteAsSuperuser(database, "DELETE FROM ledger_key WHERE purpose = 'chain-hmac'");

			assertThatThrownBy(() -> RunningApplication.start(settings(database)).close()).rootCause()
				.isInstanceOf(MissingLedgerKeys.class)
				.hasMessageContaining("(chain-hmac v1)");
			assertThat(count(database, "SELECT COUNT(*) FROM ledger_key WHERE purpose = 'chain-hmac'"))
				.as("no chain key was generated")
				.isZero();
		}
	}

	@Test
	void firstStartMakesTheKeysAndARestartKeepsThem() throws SQLException {
		try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
			startOnceAndStop(database);
			assertThat(count(database, "SELECT COUNT(*) FROM ledger_key")).as("keys made on first start").isEqualTo(2);

			startOnceAndStop(database);

			assertThat(count(database, "SELECT COUNT(*) FROM ledger_key")).as("the same keys, none added").isEqualTo(2);
		}
	}

	private void startOnceAndStop(PostgresTestDatabase database) {
		// the first start records the first administrator's creation: entries exist
		try (RunningApplication app = RunningApplication.start(settings(database))) {
			assertThat(app.api().get("/actuator/health").statusCode()).isEqualTo(200);
		}
	}

	private Map<String, String> settings(PostgresTestDatabase database) {
		Map<String, String> settings = new HashMap<>();
		settings.put("spring.datasource.url", database.jdbcUrl());
		settings.put("countersign.data-dir", this.dataDir.toString());
		settings.put("countersign.master-key", TestSecrets.MASTER_KEY);
		settings.put("countersign.bootstrap-token", TestSecrets.BOOTSTRAP_TOKEN);
		return settings;
	}

	private static void deleteAsSuperuser(PostgresTestDatabase database, String sql) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			// no trigger fires for a replica: the append-only guard is bypassed as a
			// superuser could
			statement.execute("SET session_replication_role = replica");
			statement.execute(sql);
		}
	}

	private static long count(PostgresTestDatabase database, String sql) throws SQLException {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery(sql)) {
			row.next();
			return row.getLong(1);
		}
	}

}
