package io.countersign.server.storage;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.countersign.server.alert.AlertRaised;
import io.countersign.server.alert.Severity;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.PostgresTestDatabaseExtension;
import io.countersign.server.testing.RunningApplication;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The production setup of docs/postgresql.md: migrations run as an owner role, the
 * service as a runtime role that may only read and append. Roles and grants come from
 * {@code docs/postgresql-roles.sql}, exactly as an operator runs it.
 */
@ExtendWith(PostgresTestDatabaseExtension.class)
class PostgresRoleSeparationTest {

	private static final String OWNER = PostgresTestDatabase.randomName("cs_owner_");

	private static final String RUNTIME = PostgresTestDatabase.randomName("cs_app_");

	private static final String EVENT = "{\"type\":\"role.check\",\"actor\":{\"id\":\"alice\",\"type\":\"user\"}}";

	private static RunningApplication app;

	@BeforeAll
	static void createRolesAndStartAsRuntimeRole(@TempDir Path dataDir) throws IOException, SQLException {
		PostgresTestDatabase database = PostgresTestDatabaseExtension.current();
		String script = Files.readString(Path.of("..", "docs", "postgresql-roles.sql"))
			.replace("countersign_owner", OWNER)
			.replace("countersign_app", RUNTIME);
		try (Connection admin = database.connect(); Statement statement = admin.createStatement()) {
			statement.execute(script);
		}
		// the runtime role is the datasource user; the owner is configured the standard
		// way
		// (SPRING_FLYWAY_USER / SPRING_FLYWAY_PASSWORD) and only used by the migrations
		app = RunningApplication.start(Map.of("spring.datasource.url", database.bareJdbcUrl(),
				"spring.datasource.username", RUNTIME, "spring.datasource.password", "unused-with-trust-auth",
				"spring.flyway.user", OWNER, "spring.flyway.password", "unused-with-trust-auth", "countersign.data-dir",
				dataDir.toString(), "countersign.master-key", TestSecrets.MASTER_KEY, "countersign.bootstrap-token",
				TestSecrets.BOOTSTRAP_TOKEN));
		// give every append-only table a row, so that row triggers have something to fire
		// on
		ApiClient api = app.api().withToken(TestSecrets.BOOTSTRAP_TOKEN);
		assertThat(api.post("/api/v1/events", "application/json", EVENT).statusCode()).isEqualTo(201);
		assertThat(api.post("/api/v1/ledger/checkpoint", "text/plain", "").statusCode()).isEqualTo(200);
	}

	@AfterAll
	static void stopAndDropRoles() throws SQLException {
		try {
			if (app != null) {
				app.close();
			}
			try (Connection connection = PostgresTestDatabaseExtension.current().connect();
					Statement statement = connection.createStatement()) {
				// one role at a time: dropping both at once trips over the shared default
				// ACL
				statement.execute("DROP OWNED BY " + RUNTIME + " CASCADE");
				statement.execute("DROP OWNED BY " + OWNER + " CASCADE");
			}
		}
		finally {
			// roles are cluster-wide: never leave them behind, even when the test failed
			// early
			try (Connection admin = PostgresTestDatabaseExtension.current().connectAdmin();
					Statement statement = admin.createStatement()) {
				statement.execute("DROP ROLE IF EXISTS " + RUNTIME);
				statement.execute("DROP ROLE IF EXISTS " + OWNER);
			}
		}
	}

	private static Connection connectAs(String role) throws SQLException {
		return DriverManager.getConnection(PostgresTestDatabaseExtension.current().bareJdbcUrl() + "?user=" + role);
	}

	@Test
	void migrationsRanAsOwner() throws SQLException {
		try (Connection connection = connectAs(RUNTIME);
				Statement statement = connection.createStatement();
				var rows = statement
					.executeQuery("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'countersign'")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getString(1)).isEqualTo(OWNER);
			assertThat(rows.next()).isFalse();
		}
	}

	@Test
	void serviceAppendsAndReadsAsRuntimeRole() {
		ApiClient api = app.api().withToken(TestSecrets.BOOTSTRAP_TOKEN);

		HttpResponse<String> appended = api.post("/api/v1/events", "application/json", EVENT);
		HttpResponse<String> read = api.get("/api/v1/events?type=role.check");

		assertThat(appended.statusCode()).as(appended.body()).isEqualTo(201);
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		assertThat(read.body()).contains("alice");
	}

	@Test
	void accessAdministrationWorksAsRuntimeRole() throws SQLException {
		ApiClient api = app.api().withToken(TestSecrets.BOOTSTRAP_TOKEN);

		HttpResponse<String> role = api.post("/api/v1/roles", "application/json",
				"{\"name\":\"role-check\",\"description\":\"d\",\"permissions\":{\"events:read\":\"own\"}}");
		HttpResponse<String> scope = api.send("PUT", "/api/v1/roles/role-check/permissions/events:read",
				"{\"scope\":\"all\"}");
		HttpResponse<String> mfa = api.send("PATCH", "/api/v1/roles/role-check", "{\"requiresMfa\":true}");
		HttpResponse<String> user = api.post("/api/v1/users", "application/json",
				"{\"username\":\"role-check\",\"password\":\"correct horse battery staple\","
						+ "\"roles\":[\"role-check\",\"auditor\"]}");
		HttpResponse<String> token = api.post("/api/v1/users/role-check/tokens", "application/json",
				"{\"name\":\"t\"}");
		HttpResponse<String> renamed = api.send("PATCH", "/api/v1/users/role-check", "{\"displayName\":\"R\"}");
		HttpResponse<String> revokedRole = api.send("DELETE", "/api/v1/users/role-check/roles/auditor");
		HttpResponse<String> archived = api.post("/api/v1/users/role-check/archive", "application/json", "");
		HttpResponse<String> deleted = api.send("DELETE", "/api/v1/roles/role-check");

		assertThat(role.statusCode()).as(role.body()).isEqualTo(201);
		assertThat(scope.statusCode()).as(scope.body()).isEqualTo(200);
		assertThat(mfa.statusCode()).as(mfa.body()).isEqualTo(200);
		assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
		assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
		assertThat(revokedRole.statusCode()).as(revokedRole.body()).isEqualTo(204);
		assertThat(archived.statusCode()).as(archived.body()).isEqualTo(200);
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		// their events went through the outbox, whose rows the runtime role deleted
		HttpResponse<String> events = api.get("/api/v1/events?resourceId=role-check&limit=100");
		assertThat(events.body()).contains("user_created", "user_updated", "user_archived");
		try (Connection connection = connectAs(RUNTIME); Statement statement = connection.createStatement()) {
			assertThat(count(statement, "audit_outbox")).isZero();
		}
	}

	@Test
	void tokenUseIsRecordedAsRuntimeRole() throws SQLException {
		// a failed write of a token's last use is only logged, so a missing grant would
		// pass unnoticed anywhere else
		assertThat(app.api().withToken(TestSecrets.BOOTSTRAP_TOKEN).get("/api/v1/me").statusCode()).isEqualTo(200);
		try (Connection connection = connectAs(RUNTIME);
				Statement statement = connection.createStatement();
				var rows = statement.executeQuery("SELECT COUNT(*) FROM access_token WHERE last_used_at IS NOT NULL")) {
			rows.next();
			assertThat(rows.getInt(1)).isPositive();
		}
	}

	@Test
	void alertRoutingWorksAsRuntimeRole() {
		ApiClient api = app.api().withToken(TestSecrets.BOOTSTRAP_TOKEN);
		HttpResponse<String> routes = api.send("PUT", "/api/v1/alerts/routes",
				"{\"routes\":{\"CRITICAL\":{\"roles\":[\"admin\"],"
						+ "\"escalation\":{\"after\":\"PT1S\",\"roles\":[\"admin\"]}}}}");
		assertThat(routes.statusCode()).as(routes.body()).isEqualTo(200);

		// the alert engine's event, as it publishes it: the routing row, its notices and,
		// a second later, the escalation (claimed with SELECT … FOR UPDATE) as the
		// runtime
		// role
		AlertRaised alert = new AlertRaised(UUID.randomUUID().toString(), "D10", "Ledger cannot append",
				Severity.CRITICAL, "ledger", "role check", Instant.now(), Instant.now(), 1, List.of(1L));
		app.context()
			.getBean(TransactionTemplate.class)
			.executeWithoutResult((status) -> app.context().publishEvent(alert));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> api.get("/api/v1/events?resourceId=" + alert.alertId()).body().contains("alert_escalated"));
		assertThat(api.get("/api/v1/me/inbox").body()).contains(alert.alertId());
	}

	@Test
	void runtimeRoleCanInsertAndSelectLedgerRows() throws SQLException {
		try (Connection connection = connectAs(RUNTIME); Statement statement = connection.createStatement()) {
			statement.executeUpdate("INSERT INTO ledger_key (purpose, version, sealed_secret, created_at) "
					+ "VALUES ('role-test', 1, '\\x00'::bytea, now())");
			var rows = statement.executeQuery("SELECT COUNT(*) FROM ledger_key WHERE purpose = 'role-test'");
			rows.next();
			assertThat(rows.getInt(1)).isEqualTo(1);
		}
	}

	// the retention sweeps' statements, as PurgingNotificationRows and PurgingRoutingRows
	// run them (docs/decisions/031); privileges are checked even when nothing matches
	@ParameterizedTest
	@ValueSource(strings = {
			"DELETE FROM notification_delivery WHERE id IN (SELECT id FROM notification_delivery "
					+ "WHERE status IN ('delivered', 'failed') AND created_at < now() - interval '30 days' "
					+ "FETCH FIRST 1000 ROWS ONLY FOR UPDATE SKIP LOCKED)",
			"DELETE FROM notification_inbox WHERE id IN (SELECT id FROM notification_inbox "
					+ "WHERE created_at < now() - interval '90 days' AND (read_at IS NOT NULL OR settled_at IS NOT NULL) "
					+ "FETCH FIRST 1000 ROWS ONLY FOR UPDATE SKIP LOCKED)",
			"UPDATE notification_inbox SET settled_at = now() WHERE topic = 'approval' AND request_id = 'none'",
			"DELETE FROM alert_routing WHERE alert_id IN (SELECT alert_id FROM alert_routing "
					+ "WHERE closed_at < now() - interval '30 days' AND last_seen < now() - interval '30 days' "
					+ "AND escalation <> 'pending' FETCH FIRST 1000 ROWS ONLY FOR UPDATE SKIP LOCKED)" })
	void runtimeRoleMayPurgeOperationalRows(String sql) throws SQLException {
		try (Connection connection = connectAs(RUNTIME); Statement statement = connection.createStatement()) {
			assertThat(statement.executeUpdate(sql)).isZero();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "UPDATE ledger_entry SET type = 'forged'", "DELETE FROM ledger_entry",
			"TRUNCATE ledger_entry", "UPDATE ledger_checkpoint SET note = 'forged'", "DELETE FROM ledger_checkpoint",
			"TRUNCATE ledger_checkpoint", "UPDATE ledger_key SET version = 99", "DELETE FROM ledger_key",
			"TRUNCATE ledger_key", "DELETE FROM access_token", "DELETE FROM account",
			"UPDATE audit_outbox SET leaf = ''", "TRUNCATE audit_outbox", "DROP TABLE ledger_entry",
			"ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only" })
	void runtimeRoleIsDeniedEverythingButReadAndAppend(String sql) throws SQLException {
		try (Connection connection = connectAs(RUNTIME); Statement statement = connection.createStatement()) {
			assertThatThrownBy(() -> statement.execute(sql)).isInstanceOf(SQLException.class)
				.satisfiesAnyOf((ex) -> assertThat(((SQLException) ex).getSQLState()).isEqualTo("42501"),
						(ex) -> assertThat(ex).hasMessageContaining("must be owner"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "UPDATE ledger_entry SET type = 'forged'", "DELETE FROM ledger_entry",
			"TRUNCATE ledger_entry", "UPDATE ledger_checkpoint SET note = 'forged'", "DELETE FROM ledger_checkpoint",
			"TRUNCATE ledger_checkpoint", "UPDATE ledger_key SET version = 99", "DELETE FROM ledger_key",
			"TRUNCATE ledger_key" })
	void ownerRoleStillHitsTheAppendOnlyTriggers(String sql) throws SQLException {
		String table = sql.replaceAll(".*(ledger_[a-z]+).*", "$1");
		try (Connection connection = connectAs(OWNER); Statement statement = connection.createStatement()) {
			assertThat(count(statement, table)).as("rows in %s", table).isPositive();
			assertThatThrownBy(() -> statement.execute(sql)).isInstanceOf(SQLException.class)
				.hasMessageContaining("append-only");
		}
	}

	private static long count(Statement statement, String table) throws SQLException {
		try (var rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
			rows.next();
			return rows.getLong(1);
		}
	}

}
