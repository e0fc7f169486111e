package io.countersign.server.storage;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * The two databases Countersign runs on, told apart by what the JDBC driver reports. The
 * one way every feature asks which database it writes to: they differ in bulk writes,
 * locks across servers, notifications and durability.
 */
public enum DatabaseKind {

	POSTGRESQL, H2;

	/** The kind of the database behind a pool. */
	public static DatabaseKind of(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return of(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot reach the database to tell its kind", ex);
		}
	}

	/** The kind of the database a connection is open to. */
	public static DatabaseKind of(Connection connection) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName();
		if ("PostgreSQL".equalsIgnoreCase(product)) {
			return POSTGRESQL;
		}
		if ("H2".equalsIgnoreCase(product)) {
			return H2;
		}
		throw new IllegalStateException("Countersign runs on PostgreSQL or H2, not " + product);
	}

}
