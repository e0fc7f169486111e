package io.countersign.server.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.PostgresTestDatabaseExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Forged query columns on PostgreSQL, changed with the append-only trigger off. */
@ExtendWith(PostgresTestDatabaseExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PostgresForgedColumnsTest extends ForgedColumnsContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		PostgresTestDatabase database = PostgresTestDatabaseExtension.current();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
		registry.add("countersign.master-key", () -> LedgerApi.MASTER_KEY);
		registry.add("countersign.bootstrap-token", () -> LedgerApi.TOKEN);
	}

	@Override
	void tamper(String... statements) throws SQLException {
		try (Connection connection = PostgresTestDatabaseExtension.current().connect()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET LOCAL session_replication_role = replica");
				for (String sql : statements) {
					statement.execute(sql);
				}
			}
			connection.commit();
		}
	}

}
