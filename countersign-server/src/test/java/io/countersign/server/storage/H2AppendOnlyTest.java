package io.countersign.server.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Append-only enforcement on the embedded H2 database: Java triggers for UPDATE and
 * DELETE, and foreign-key guard tables that make H2 refuse TRUNCATE.
 */
class H2AppendOnlyTest extends AppendOnlyContract {

	private static final String URL = "jdbc:h2:mem:append-only-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	@BeforeAll
	static void migrateAndInsert() throws SQLException {
		Flyway.configure().dataSource(URL, "sa", "").locations("classpath:db/migration/h2").load().migrate();
		try (Connection connection = DriverManager.getConnection(URL, "sa", "")) {
			new H2AppendOnlyTest().insertRows(connection);
		}
	}

	@AfterAll
	static void dropDatabase() throws SQLException {
		try (Connection connection = DriverManager.getConnection(URL, "sa", "")) {
			connection.createStatement().execute("SHUTDOWN");
		}
	}

	@Override
	Connection connect() throws SQLException {
		return DriverManager.getConnection(URL, "sa", "");
	}

}
