package io.countersign.server.storage;

import java.sql.Connection;
import java.sql.SQLException;

import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.PostgresTestDatabaseExtension;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Append-only enforcement on PostgreSQL: row triggers for UPDATE and DELETE, statement
 * triggers for TRUNCATE, effective even for the owner of the tables.
 */
@ExtendWith(PostgresTestDatabaseExtension.class)
class PostgresAppendOnlyTest extends AppendOnlyContract {

	@BeforeAll
	static void migrateAndInsert() throws SQLException {
		PostgresTestDatabase database = PostgresTestDatabaseExtension.current();
		Flyway.configure()
			.dataSource(database.jdbcUrl(), null, null)
			.locations("classpath:db/migration/postgresql")
			.load()
			.migrate();
		try (Connection connection = database.connect()) {
			new PostgresAppendOnlyTest().insertRows(connection);
		}
	}

	@Override
	Connection connect() throws SQLException {
		return PostgresTestDatabaseExtension.current().connect();
	}

}
