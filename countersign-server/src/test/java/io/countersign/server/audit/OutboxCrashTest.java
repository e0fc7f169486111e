package io.countersign.server.audit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.countersign.ledger.event.Event;
import io.countersign.server.cli.CountersignCli;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.ServerProcess;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server killed ({@code kill -9}) while clients change accounts, grants and tokens, and
 * while its ledger writes are stalled so that committed changes wait in the audit outbox:
 * after a restart on the same database, every change that committed has exactly one
 * ledger event, no change that did not commit has one, and the ledger verifies
 * (docs/decisions/011-audit-outbox.md).
 */
class OutboxCrashTest {

	private static final int CLIENTS = 8;

	// acknowledged account creations before the kill: a few seconds of load
	private static final int CREATED_BEFORE_KILL = 60;

	private static final String PREFIX = "crash-";

	@TempDir
	Path dir;

	@Test
	void everyCommittedChangeHasExactlyOneEventAfterAKillAndARestart() throws Exception {
		try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
			Map<String, String> settings = settings(database);
			Acknowledged acknowledged = new Acknowledged();
			ServerProcess first = ServerProcess.start(settings, this.dir.resolve("first.log"));
			long leftInOutbox;
			try {
				leftInOutbox = loadAndKill(first, database, acknowledged);
			}
			finally {
				first.kill();
			}
			// changes that committed while the ledger stalled, never appended
			assertThat(leftInOutbox).as("outbox rows at the kill").isPositive();

			try (ServerProcess second = ServerProcess.start(settings, this.dir.resolve("second.log"))) {
				// the drainer appended what the first server left, before the restart was
				// ready
				assertThat(count(database, "SELECT COUNT(*) FROM audit_outbox")).as("rows left in the outbox").isZero();
				Ledger ledger = Ledger.read(database);
				Set<String> accounts = strings(database,
						"SELECT username FROM account WHERE username LIKE '" + PREFIX + "%'");
				Set<String> tokens = strings(database, "SELECT t.id FROM access_token t JOIN account a "
						+ "ON a.id = t.account_id WHERE a.username LIKE '" + PREFIX + "%'");
				Set<String> granted = strings(database, "SELECT a.username FROM role_grant g JOIN account a "
						+ "ON a.id = g.account_id WHERE g.role_name = 'viewer' AND a.username LIKE '" + PREFIX + "%'");

				assertThat(acknowledged.created).hasSizeGreaterThanOrEqualTo(CREATED_BEFORE_KILL);
				assertThat(ledger.duplicateIds).as("event ids appended twice").isEmpty();
				// acknowledged: exactly one event each
				acknowledged.created.forEach(
						(name) -> assertThat(ledger.count("user_created", name, null)).as("user_created of %s", name)
							.isEqualTo(1));
				acknowledged.granted
					.forEach((name) -> assertThat(ledger.count("authz_change", name, "grant")).as("grant to %s", name)
						.isEqualTo(1));
				acknowledged.revoked.forEach(
						(name) -> assertThat(ledger.count("authz_change", name, "revoke")).as("revoke from %s", name)
							.isEqualTo(1));
				acknowledged.tokens.forEach((id) -> assertThat(ledger.count("authn_token_created", id, null))
					.as("authn_token_created of %s", id)
					.isEqualTo(1));
				// committed or not, the events say exactly what the tables hold
				assertThat(ledger.resources("user_created")).as("accounts created per the ledger")
					.containsExactlyInAnyOrderElementsOf(accounts);
				assertThat(ledger.resources("authn_token_created")).as("tokens created per the ledger")
					.containsExactlyInAnyOrderElementsOf(tokens);
				for (String name : accounts) {
					long grants = ledger.count("authz_change", name, "grant");
					long revokes = ledger.count("authz_change", name, "revoke");
					assertThat(grants).as("grants of %s", name).isLessThanOrEqualTo(1);
					assertThat(revokes).as("revokes of %s", name).isLessThanOrEqualTo(grants);
					assertThat(grants - revokes == 1).as("%s holds viewer per the ledger", name)
						.isEqualTo(granted.contains(name));
				}
				assertIntact(database);
				// and the restarted server goes on recording
				ApiClient admin = second.api().withToken(TestSecrets.BOOTSTRAP_TOKEN);
				assertThat(admin.post("/api/v1/users", "application/json", user(PREFIX + "after")).statusCode())
					.isEqualTo(201);
				assertThat(Ledger.read(database).count("user_created", PREFIX + "after", null)).isEqualTo(1);
			}
		}
	}

	// Load until enough changes are acknowledged, then stall the ledger's inserts so that
	// changes commit without being appended, and kill the server: returns how many outbox
	// rows it left.
	private static long loadAndKill(ServerProcess server, PostgresTestDatabase database, Acknowledged acknowledged)
			throws Exception {
		ApiClient admin = server.api().withToken(TestSecrets.BOOTSTRAP_TOKEN);
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				int client = c;
				running.add(clients.submit(() -> changeUntilRefused(admin, client, acknowledged)));
			}
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
			while (acknowledged.created.size() < CREATED_BEFORE_KILL && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			stallLedger(database);
			while (count(database, "SELECT COUNT(*) FROM audit_outbox") < CLIENTS && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			server.kill();
			long left = count(database, "SELECT COUNT(*) FROM audit_outbox");
			unstallLedger(database);
			for (Future<?> client : running) {
				client.get(1, TimeUnit.MINUTES);
			}
			return left;
		}
		finally {
			clients.shutdownNow();
		}
	}

	private static void stallLedger(PostgresTestDatabase database) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("""
					CREATE FUNCTION stall_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
					BEGIN
					  PERFORM pg_sleep(60);
					  RETURN NEW;
					END $$""");
			statement.execute("CREATE TRIGGER stall BEFORE INSERT ON ledger_entry "
					+ "FOR EACH ROW EXECUTE FUNCTION stall_ledger()");
		}
	}

	// The dead server's backends may still sleep in the trigger, holding the sequencer
	// lock: end them, as PostgreSQL would once it noticed the lost connection.
	private static void unstallLedger(PostgresTestDatabase database) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
					+ "WHERE datname = current_database() AND pid <> pg_backend_pid()");
			statement.execute("DROP TRIGGER stall ON ledger_entry");
			statement.execute("DROP FUNCTION stall_ledger()");
		}
	}

	// Creates an account, grants it viewer, issues it a token and revokes the grant, over
	// and over, until the server dies.
	private static void changeUntilRefused(ApiClient admin, int client, Acknowledged acknowledged) {
		try {
			for (int i = 0; i < 10_000; i++) {
				String name = PREFIX + client + "-" + i;
				if (admin.post("/api/v1/users", "application/json", user(name)).statusCode() != 201) {
					return;
				}
				acknowledged.created.add(name);
				if (admin.send("PUT", "/api/v1/users/" + name + "/roles/viewer", "{}").statusCode() != 200) {
					return;
				}
				acknowledged.granted.add(name);
				HttpResponse<String> token = admin.post("/api/v1/users/" + name + "/tokens", "application/json",
						"{\"name\":\"t\"}");
				if (token.statusCode() != 201) {
					return;
				}
				acknowledged.tokens.add(ApiClient.json(token).get("id").asString());
				if (admin.send("DELETE", "/api/v1/users/" + name + "/roles/viewer").statusCode() != 204) {
					return;
				}
				acknowledged.revoked.add(name);
			}
		}
		catch (UncheckedIOException ex) {
			// the server was killed under this request
		}
	}

	private static String user(String name) {
		return "{\"username\":\"" + name + "\",\"kind\":\"service\"}";
	}

	private Map<String, String> settings(PostgresTestDatabase database) {
		return Map.of("spring.datasource.url", database.jdbcUrl(), "countersign.data-dir", this.dir.toString(),
				"countersign.master-key", TestSecrets.MASTER_KEY, "countersign.bootstrap-token",
				TestSecrets.BOOTSTRAP_TOKEN);
	}

	private static void assertIntact(PostgresTestDatabase database) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = CountersignCli.run(
				new String[] { "verify", "--db", database.jdbcUrl(), "--master-key", TestSecrets.MASTER_KEY },
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		String report = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
		assertThat(exit).as(report).isZero();
		assertThat(report).startsWith("INTACT");
	}

	static long count(PostgresTestDatabase database, String sql) throws SQLException {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static Set<String> strings(PostgresTestDatabase database, String sql) throws SQLException {
		Set<String> values = new HashSet<>();
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				values.add(rows.getString(1));
			}
		}
		return values;
	}

	/** What the clients were told succeeded (2xx). */
	private static final class Acknowledged {

		final Set<String> created = ConcurrentHashMap.newKeySet();

		final Set<String> granted = ConcurrentHashMap.newKeySet();

		final Set<String> revoked = ConcurrentHashMap.newKeySet();

		final Set<String> tokens = ConcurrentHashMap.newKeySet();

	}

	/** The test's events as stored in the ledger, read from the leaves. */
	static final class Ledger {

		final List<Event> events = new ArrayList<>();

		final Set<String> duplicateIds = new HashSet<>();

		static Ledger read(PostgresTestDatabase database) throws SQLException {
			Ledger ledger = new Ledger();
			Set<String> ids = new HashSet<>();
			try (Connection connection = database.connect();
					Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery("SELECT leaf FROM ledger_entry ORDER BY idx")) {
				while (rows.next()) {
					Event event = Event.fromLeaf(rows.getBytes(1));
					if (!ids.add(event.id())) {
						ledger.duplicateIds.add(event.id());
					}
					ledger.events.add(event);
				}
			}
			return ledger;
		}

		long count(String type, String resourceId, String change) {
			return this.events.stream()
				.filter((event) -> event.type().equals(type))
				.filter((event) -> event.resource().map((r) -> r.id().equals(resourceId)).orElse(false))
				.filter((event) -> change == null || change.equals(event.details().get("change")))
				.count();
		}

		/**
		 * The resource ids of the test's events of a type (its accounts' and their
		 * tokens'), as many times as they occur.
		 */
		List<String> resources(String type) {
			return this.events.stream()
				.filter((event) -> event.type().equals(type) && event.resource().isPresent())
				.filter((event) -> event.resource().get().id().startsWith(PREFIX)
						|| String.valueOf(event.details().get("account")).startsWith(PREFIX))
				.map((event) -> event.resource().get().id())
				.toList();
		}

	}

}
