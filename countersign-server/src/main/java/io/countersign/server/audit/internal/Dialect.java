package io.countersign.server.audit.internal;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * The two databases the ledger runs on; they differ in how rows are bulk-written, how a
 * list of keys is bound and how writers on separate servers are kept in order.
 */
enum Dialect {

	POSTGRESQL, H2;

	static Dialect of(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			String product = connection.getMetaData().getDatabaseProductName();
			if ("PostgreSQL".equalsIgnoreCase(product)) {
				return POSTGRESQL;
			}
			if ("H2".equalsIgnoreCase(product)) {
				return H2;
			}
			throw new IllegalStateException("the audit ledger runs on PostgreSQL or H2, not " + product);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot reach the database to tell its kind", ex);
		}
	}

}
