package io.countersign.server.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.countersign.server.testing.PostgresTestDatabase;

/**
 * A copy of a {@link PopulatedLedger} that a test attacks as a database superuser would:
 * with {@code session_replication_role = replica}, so the append-only triggers do not
 * fire. Dropped on close.
 */
final class LedgerCopy implements AutoCloseable {

	private final PostgresTestDatabase server;

	private final String name;

	private final String url;

	LedgerCopy(PostgresTestDatabase server, String name, String url) {
		this.server = server;
		this.name = name;
		this.url = url;
	}

	/** The JDBC URL to hand to {@code verify --db} or {@code export --db}. */
	String url() {
		return this.url;
	}

	/** Runs statements in one transaction, past the append-only triggers. */
	void tamper(Tampering tampering) throws SQLException {
		try (Connection connection = java.sql.DriverManager.getConnection(this.url)) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET LOCAL session_replication_role = replica");
			}
			tampering.on(connection);
			connection.commit();
		}
	}

	void tamper(String... statements) throws SQLException {
		tamper((connection) -> {
			try (Statement statement = connection.createStatement()) {
				for (String sql : statements) {
					statement.execute(sql);
				}
			}
		});
	}

	/** Every row's idx and leaf, in index order. */
	List<Row> rows() throws SQLException {
		List<Row> rows = new ArrayList<>();
		try (Connection connection = java.sql.DriverManager.getConnection(this.url);
				PreparedStatement select = connection
					.prepareStatement("SELECT idx, leaf, chain FROM ledger_entry ORDER BY idx");
				ResultSet row = select.executeQuery()) {
			while (row.next()) {
				rows.add(new Row(row.getLong(1), row.getBytes(2), row.getBytes(3)));
			}
		}
		return rows;
	}

	@Override
	public void close() throws SQLException {
		try (Connection admin = this.server.connectAdmin(); Statement statement = admin.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
		}
	}

	record Row(long index, byte[] leaf, byte[] chain) {

	}

	@FunctionalInterface
	interface Tampering {

		void on(Connection connection) throws SQLException;

	}

}
