package io.countersign.server.cli;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.RunningApplication;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code recover-admin} on PostgreSQL with the server running: the only admin token is
 * lost (revoked), the operator runs the command with the database and the master key, the
 * printed token works against the running server, and the ledger records its issue.
 */
class RecoverAdminCommandTest {

	private static final String OTHER_MASTER_KEY = "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=";

	@TempDir
	Path dir;

	@Test
	void aLostAdminTokenIsReplacedOfflineAndTheIssueIsInTheLedger() throws SQLException {
		try (PostgresTestDatabase database = PostgresTestDatabase.create();
				RunningApplication app = RunningApplication.start(settings(database))) {
			ApiClient bootstrap = app.api().withToken(TestSecrets.BOOTSTRAP_TOKEN);
			String lostId = ApiClient.json(bootstrap.get("/api/v1/me/tokens")).get("items").get(0).get("id").asString();
			assertThat(bootstrap.send("DELETE", "/api/v1/me/tokens/" + lostId).statusCode()).isEqualTo(204);
			assertThat(bootstrap.get("/api/v1/users").statusCode()).isEqualTo(401);

			CliRun wrongKey = recover(database, "--master-key", OTHER_MASTER_KEY);
			CliRun notAdmin = recover(database, "--master-key", TestSecrets.MASTER_KEY, "--username", "nobody");
			CliRun run = recover(database, "--master-key", TestSecrets.MASTER_KEY);

			assertThat(wrongKey.exit()).as(wrongKey.toString()).isEqualTo(ExitStatus.ERROR);
			assertThat(wrongKey.err()).contains("master key");
			assertThat(notAdmin.exit()).as(notAdmin.toString()).isEqualTo(ExitStatus.ERROR);
			assertThat(notAdmin.err()).contains("no account is named 'nobody'");
			assertThat(count(database, "SELECT COUNT(*) FROM access_token WHERE name = 'recovery'")).isOne();
			assertThat(run.exit()).as(run.toString()).isZero();
			String token = run.out()
				.lines()
				.map(String::strip)
				.filter((line) -> line.startsWith("cs_"))
				.findFirst()
				.orElseThrow();
			ApiClient recovered = app.api().withToken(token);
			HttpResponse<String> users = recovered.get("/api/v1/users");
			assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
			JsonNode me = ApiClient.json(recovered.get("/api/v1/me"));
			assertThat(me.get("username").asString()).isEqualTo("admin");
			String tokenId = me.get("authenticatedWith").get("id").asString();
			assertThat(run.out()).contains(tokenId);
			JsonNode event = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
				JsonNode events = ApiClient
					.json(recovered.get("/api/v1/events?type=authn_token_created&resourceId=" + tokenId))
					.get("events");
				return events.isEmpty() ? null : events.get(0).get("event");
			}, (found) -> found != null);
			assertThat(event.get("actor").get("id").asString()).isEqualTo("countersign-recovery");
			assertThat(event.get("details").get("reason").asString()).isEqualTo("recovery");
			assertThat(event.get("details").get("account").asString()).isEqualTo("admin");
			assertThat(run.out()).contains(event.get("id").asString());
			assertThat(count(database, "SELECT COUNT(*) FROM audit_outbox")).isZero();
		}
	}

	@Test
	void onTheEmbeddedDatabaseTheNextStartAppendsTheEvent() {
		Path data = this.dir.resolve("data");
		Map<String, String> settings = Map.of("countersign.data-dir", data.toString(), "countersign.master-key",
				TestSecrets.MASTER_KEY, "countersign.bootstrap-token", TestSecrets.BOOTSTRAP_TOKEN);
		try (RunningApplication app = RunningApplication.start(settings)) {
			ApiClient bootstrap = app.api().withToken(TestSecrets.BOOTSTRAP_TOKEN);
			String lostId = ApiClient.json(bootstrap.get("/api/v1/me/tokens")).get("items").get(0).get("id").asString();
			assertThat(bootstrap.send("DELETE", "/api/v1/me/tokens/" + lostId).statusCode()).isEqualTo(204);
		}

		CliRun run = CliRun.of("recover-admin", "--db", "jdbc:h2:file:" + data.resolve("countersign"), "--master-key",
				TestSecrets.MASTER_KEY, "--valid-hours", "1");

		assertThat(run.exit()).as(run.toString()).isZero();
		String token = run.out()
			.lines()
			.map(String::strip)
			.filter((line) -> line.startsWith("cs_"))
			.findFirst()
			.orElseThrow();
		try (RunningApplication app = RunningApplication.start(settings)) {
			ApiClient recovered = app.api().withToken(token);
			JsonNode me = ApiClient.json(recovered.get("/api/v1/me"));
			assertThat(me.get("username").asString()).isEqualTo("admin");
			String tokenId = me.get("authenticatedWith").get("id").asString();
			JsonNode events = await().atMost(Duration.ofSeconds(60))
				.until(() -> ApiClient
					.json(recovered.get("/api/v1/events?type=authn_token_created&resourceId=" + tokenId))
					.get("events"), (found) -> !found.isEmpty());
			assertThat(events.get(0).get("event").get("details").get("reason").asString()).isEqualTo("recovery");
		}
	}

	private static CliRun recover(PostgresTestDatabase database, String... options) {
		String[] args = new String[options.length + 3];
		args[0] = "recover-admin";
		args[1] = "--db";
		args[2] = database.jdbcUrl();
		System.arraycopy(options, 0, args, 3, options.length);
		return CliRun.of(args);
	}

	private Map<String, String> settings(PostgresTestDatabase database) {
		return Map.of("spring.datasource.url", database.jdbcUrl(), "countersign.data-dir", this.dir.toString(),
				"countersign.master-key", TestSecrets.MASTER_KEY, "countersign.bootstrap-token",
				TestSecrets.BOOTSTRAP_TOKEN, "countersign.ledger.outbox.interval", "1s",
				"countersign.ledger.outbox.grace-age", "1s");
	}

	private static long count(PostgresTestDatabase database, String sql) throws SQLException {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

}
