package io.countersign.server.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Forged query columns on the embedded H2 database (rows read by a JDBC cursor, not
 * COPY), changed with the append-only trigger dropped for the while.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class H2ForgedColumnsTest extends ForgedColumnsContract {

	private static final String URL = "jdbc:h2:mem:forged-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> URL);
		registry.add("spring.datasource.username", () -> "sa");
		registry.add("countersign.master-key", () -> LedgerApi.MASTER_KEY);
		registry.add("countersign.bootstrap-token", () -> LedgerApi.TOKEN);
	}

	@Override
	void tamper(String... statements) throws SQLException {
		try (Connection connection = DriverManager.getConnection(URL, "sa", "");
				Statement statement = connection.createStatement()) {
			statement.execute("DROP TRIGGER ledger_entry_append_only");
			try {
				for (String sql : statements) {
					statement.execute(sql);
				}
			}
			finally {
				statement.execute("CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE, DELETE ON ledger_entry "
						+ "FOR EACH ROW CALL 'io.countersign.server.storage.AppendOnlyTrigger'");
			}
		}
	}

}
