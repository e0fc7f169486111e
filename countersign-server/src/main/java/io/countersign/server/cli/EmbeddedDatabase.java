// SPDX-License-Identifier: Apache-2.0
package io.countersign.server.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Connections to the ledger database that never create one: H2 creates an empty database
 * for any file URL, so a mistyped {@code --db} path used to "verify" an empty ledger. An
 * H2 URL is opened with {@code IFEXISTS=TRUE}, and H2's two failures an operator meets
 * (no such file; the file held by a running server) become one line saying what to do.
 */
final class EmbeddedDatabase extends DriverManagerDataSource {

	/** H2's {@code DATABASE_NOT_FOUND_WITH_IF_EXISTS_1}. */
	static final int NOT_FOUND = 90146;

	/** H2's {@code DATABASE_ALREADY_OPEN_1}: another process holds the file lock. */
	static final int IN_USE = 90020;

	EmbeddedDatabase(String url) {
		super(existingOnly(url));
	}

	static String existingOnly(String url) {
		String upper = url.toUpperCase(Locale.ROOT);
		if (!upper.startsWith("JDBC:H2:") || upper.startsWith("JDBC:H2:MEM:") || upper.contains(";IFEXISTS=")) {
			return url;
		}
		return url + ";IFEXISTS=TRUE";
	}

	@Override
	protected Connection getConnectionFromDriverManager(String url, Properties props) throws SQLException {
		try {
			return super.getConnectionFromDriverManager(url, props);
		}
		catch (SQLException ex) {
			throw explained(ex);
		}
	}

	// Callers put the URL in front of the message.
	private static SQLException explained(SQLException ex) {
		return switch (ex.getErrorCode()) {
			case NOT_FOUND -> new SQLException("no H2 database exists there (nothing was created); check the path: "
					+ "the server's database is jdbc:h2:file:<data-dir>/countersign, the file <data-dir>/countersign.mv.db",
					ex.getSQLState(), ex.getErrorCode(), ex);
			case IN_USE -> new SQLException(
					"the H2 database is in use by a running server; stop the server first "
							+ "(an embedded database opens in one process at a time)",
					ex.getSQLState(), ex.getErrorCode(), ex);
			default -> ex;
		};
	}

}
