package io.countersign.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Attacks the append-only tables directly in SQL, as the database owner would: whatever
 * the application does, the database itself refuses to change or remove a ledger row.
 */
abstract class AppendOnlyContract {

	/** A connection as a role that owns the tables (triggers are the only defence). */
	abstract Connection connect() throws SQLException;

	/** Inserts one row into each append-only table, with plain SQL. */
	void insertRows(Connection connection) throws SQLException {
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		try (PreparedStatement entry = connection.prepareStatement("""
				INSERT INTO ledger_entry (idx, leaf, leaf_hash, chain, key_version, subtree_hashes, ts, type,
				                          actor_id, outcome)
				VALUES (0, ?, ?, ?, 1, ?, ?, 'test', 'alice', 'success')""")) {
			entry.setBytes(1, "{}".getBytes());
			entry.setBytes(2, new byte[32]);
			entry.setBytes(3, new byte[32]);
			entry.setBytes(4, new byte[0]);
			entry.setObject(5, now);
			entry.executeUpdate();
		}
		try (PreparedStatement checkpoint = connection.prepareStatement(
				"INSERT INTO ledger_checkpoint (tree_size, root_hash, note, created_at) VALUES (1, ?, 'note', ?)")) {
			checkpoint.setBytes(1, new byte[32]);
			checkpoint.setObject(2, now);
			checkpoint.executeUpdate();
		}
		try (PreparedStatement key = connection.prepareStatement(
				"INSERT INTO ledger_key (purpose, version, sealed_secret, created_at) VALUES ('test', 1, ?, ?)")) {
			key.setBytes(1, new byte[16]);
			key.setObject(2, now);
			key.executeUpdate();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "ledger_entry", "ledger_checkpoint", "ledger_key" })
	void updateIsRejectedByTheDatabase(String table) throws SQLException {
		String column = switch (table) {
			case "ledger_entry" -> "type = 'forged'";
			case "ledger_checkpoint" -> "note = 'forged'";
			default -> "sealed_secret = sealed_secret";
		};
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			assertThatThrownBy(() -> statement.executeUpdate("UPDATE " + table + " SET " + column))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("append-only");
		}
		assertRowRemains(table);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ledger_entry", "ledger_checkpoint", "ledger_key" })
	void deleteIsRejectedByTheDatabase(String table) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM " + table)).isInstanceOf(SQLException.class)
				.hasMessageContaining("append-only");
		}
		assertRowRemains(table);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ledger_entry", "ledger_checkpoint", "ledger_key" })
	void truncateIsRejectedByTheDatabase(String table) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			assertThatThrownBy(() -> statement.execute("TRUNCATE TABLE " + table)).isInstanceOf(SQLException.class);
		}
		assertRowRemains(table);
	}

	private void assertRowRemains(String table) throws SQLException {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
			rows.next();
			assertThat(rows.getLong(1)).as("rows left in %s", table).isEqualTo(1);
		}
	}

}
