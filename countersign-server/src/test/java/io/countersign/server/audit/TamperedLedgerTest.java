package io.countersign.server.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.PostgresTestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.countersign.server.audit.LedgerApiContract.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Someone with database superuser rights rewrites stored rows behind the server's back;
 * every read names the entry instead of serving it.
 */
@ExtendWith(PostgresTestDatabaseExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TamperedLedgerTest {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		PostgresTestDatabase database = PostgresTestDatabaseExtension.current();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
		registry.add("countersign.master-key", () -> LedgerApi.MASTER_KEY);
		registry.add("countersign.bootstrap-token", () -> LedgerApi.TOKEN);
	}

	@Test
	void readsRefuseALeafChangedInTheDatabase() throws SQLException {
		LedgerApi api = new LedgerApi(this.port);
		api.append(LedgerApi.event("mallory", "before"));
		long index = (Long) api.append(LedgerApi.event("mallory", "target")).get("index");
		api.append(LedgerApi.event("mallory", "after"));
		assertThat(api.get("/api/v1/ledger/verify").json()).containsEntry("intact", true);

		// "target" becomes "tarxet": still JSON, same length, but not the leaf that was
		// hashed
		tamper("UPDATE ledger_entry SET leaf = overlay(leaf placing 'x'::bytea from position('target'::bytea in leaf) + 3 for 1) WHERE idx = "
				+ index);

		assertProblem(api.get("/api/v1/ledger/entries/" + index), 500, "ERR_LEDGER_INTEGRITY");
		assertThat((String) api.get("/api/v1/ledger/entries/" + index).json().get("detail")).contains("" + index);
		assertProblem(api.get("/api/v1/events?actor=mallory"), 500, "ERR_LEDGER_INTEGRITY");
		Map<String, Object> report = api.get("/api/v1/ledger/verify").json();
		assertThat(report).containsEntry("intact", false).containsEntry("index", index);
		assertThat(api.get("/api/v1/ledger/entries/" + (index - 1)).status()).isEqualTo(200);
	}

	@Test
	void queriesLeaveOutARowWhoseColumnsDisagreeWithItsLeaf() throws SQLException {
		LedgerApi api = new LedgerApi(this.port);
		long index = (Long) api.append(LedgerApi.event("trent", "column.check")).get("index");

		tamper("UPDATE ledger_entry SET actor_id = 'victor' WHERE idx = " + index);

		LedgerApi.Response answer = api.get("/api/v1/events?actor=victor");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).doesNotContain("trent");
	}

	private static void tamper(String sql) throws SQLException {
		try (Connection connection = PostgresTestDatabaseExtension.current().connect();
				Statement statement = connection.createStatement()) {
			statement.execute("ALTER TABLE ledger_entry DISABLE TRIGGER USER");
			statement.execute(sql);
			statement.execute("ALTER TABLE ledger_entry ENABLE TRIGGER USER");
		}
	}

}
