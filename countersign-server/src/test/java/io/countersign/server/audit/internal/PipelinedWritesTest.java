package io.countersign.server.audit.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.countersign.ledger.Hash;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Submitter;
import io.countersign.ledger.verify.Intact;
import io.countersign.server.CountersignApplication;
import io.countersign.server.audit.Appended;
import io.countersign.server.audit.AuditLog;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.LedgerVerification;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches written ahead of the one before them (two lanes on PostgreSQL, the default):
 * under load, with batches that fail, and with two servers writing ahead at once, every
 * acknowledged event is stored at its index, nothing else is, and the stored ledger
 * verifies as one tree.
 */
class PipelinedWritesTest {

	private static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	// Types the triggers below refuse: at insert (the COPY fails), or at commit.
	private static final String REFUSED_AT_INSERT = "test.refused.insert";

	private static final String REFUSED_AT_COMMIT = "test.refused.commit";

	// A type whose first insert sleeps (the second does not: sequences are not rolled
	// back)
	private static final String STALLED = "test.stalled";

	@Test
	void batchesAfterOneThatFailsAreNotCommittedButWrittenAgain() throws Exception {
		try (PostgresTestDatabase database = PostgresTestDatabase.create();
				ConfigurableApplicationContext server = start(database)) {
			refuseTestTypes(database);
			Sequencer sequencer = server.getBean(Sequencer.class);
			long before = sequencer.sync().size();
			long writtenAgainBefore = sequencer.batchesWrittenAgain();

			// every 400th event of each producer is refused, so some batches fail while
			// the next one is already written ahead
			Results results = appendConcurrently(List.of(server.getBean(AuditLog.class)), 16, 2_000, 64,
					(producer, i) -> (i % 400 == 399) ? ((i / 400 % 2 == 0) ? REFUSED_AT_INSERT : REFUSED_AT_COMMIT)
							: "test.pipelined");

			assertThat(results.unexpected).isEmpty();
			assertThat(results.failed).isNotEmpty();
			assertThat(results.refusedAcknowledged.get()).isZero();
			// batches written ahead of a failed one were rolled back and written again,
			// not failed
			assertThat(sequencer.batchesWrittenAgain()).isGreaterThan(writtenAgainBefore);
			assertLedgerIsExactlyWhatWasAcknowledged(server, database, before, results);
		}
	}

	@Test
	void aBatchWhoseBackendIsKilledTakesTheBatchWrittenAheadOfItDownWithIt() throws Exception {
		// Two things kept a batch from being written ahead of the stalled one (seen in
		// CI): a stalled batch holding nearly all 1,024 events the producers keep in
		// flight, leaving fewer than Sequencer.WRITE_AHEAD_AT_LEAST to write ahead (so at
		// most 256 per batch here), and a checkpoint's sync joining the next batch, which
		// then waits for the lock (so no periodic checkpoint during the test).
		try (PostgresTestDatabase database = PostgresTestDatabase.create();
				ConfigurableApplicationContext server = start(database, "1h", 256)) {
			stallOnce(database);
			Sequencer sequencer = server.getBean(Sequencer.class);
			long before = sequencer.sync().size();
			long writtenAgainBefore = sequencer.batchesWrittenAgain();
			CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> killStalledBackend(database));

			// one event stalls its batch's insert until its backend is killed; the
			// producers keep the next batch coming, written ahead of it
			Results results = appendConcurrently(List.of(server.getBean(AuditLog.class)), 16, 1_000, 64,
					(producer, i) -> (producer == 0 && i == 300) ? STALLED : "test.killed");
			killer.join();

			assertThat(results.unexpected).isEmpty();
			assertThat(sequencer.batchesWrittenAgain()).isGreaterThan(writtenAgainBefore);
			assertLedgerIsExactlyWhatWasAcknowledged(server, database, before, results);
		}
	}

	// Acknowledged = stored, the stored ledger verifies, and the sequencer's head agrees.
	private static void assertLedgerIsExactlyWhatWasAcknowledged(ConfigurableApplicationContext server,
			PostgresTestDatabase database, long before, Results results) throws Exception {
		assertStoredExactlyAsAcknowledged(database, before, results.acknowledged);
		assertThat(server.getBean(LedgerVerification.class).verify()).isInstanceOf(Intact.class);
		assertThat(server.getBean(Sequencer.class).sync().size()).isEqualTo(before + results.acknowledged.size());
	}

	@Test
	void twoServersWritingAheadAtOnceBuildOneTree() throws Exception {
		try (PostgresTestDatabase database = PostgresTestDatabase.create();
				ConfigurableApplicationContext first = start(database);
				ConfigurableApplicationContext second = start(database)) {
			long before = first.getBean(Sequencer.class).sync().size();

			Results results = appendConcurrently(List.of(first.getBean(AuditLog.class), second.getBean(AuditLog.class)),
					16, 1_500, 64, (producer, i) -> "test.two.servers");

			assertThat(results.unexpected).isEmpty();
			assertThat(results.failed).isEmpty();
			assertStoredExactlyAsAcknowledged(database, before, results.acknowledged);
			long size = before + results.acknowledged.size();
			assertThat(first.getBean(Sequencer.class).sync()).isEqualTo(second.getBean(Sequencer.class).sync());
			assertThat(first.getBean(Sequencer.class).sync().size()).isEqualTo(size);
			assertThat(first.getBean(LedgerVerification.class).verify()).isInstanceOf(Intact.class);
		}
	}

	interface TypeOf {

		String type(int producer, int event);

	}

	static final class Results {

		final Map<Long, Appended> acknowledged = new ConcurrentHashMap<>();

		final ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();

		final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();

		final AtomicInteger refusedAcknowledged = new AtomicInteger();

	}

	// Producers spread over the servers, each keeping a window of appendAsync in flight.
	private static Results appendConcurrently(List<AuditLog> servers, int producers, int eventsEach, int window,
			TypeOf typeOf) throws InterruptedException, ExecutionException {
		Results results = new Results();
		ExecutorService threads = Executors.newFixedThreadPool(producers);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int p = 0; p < producers; p++) {
				int producer = p;
				AuditLog auditLog = servers.get(p % servers.size());
				running.add(threads.submit(() -> {
					Semaphore inFlight = new Semaphore(window);
					List<CompletableFuture<?>> appends = new ArrayList<>();
					for (int i = 0; i < eventsEach; i++) {
						String type = typeOf.type(producer, i);
						inFlight.acquireUninterruptibly();
						appends.add(auditLog
							.appendAsync(EventDraft.of(type, new Actor("producer-" + producer, "service"))
								.withOutcome(Outcome.SUCCESS, Optional.empty())
								.withSubmitter(new Submitter("producer-" + producer, "token:test")))
							.whenComplete((appended, error) -> {
								inFlight.release();
								record(results, type, appended, error);
							}));
					}
					CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new))
						.exceptionally((ex) -> null)
						.join();
					return null;
				}));
			}
			for (Future<?> producer : running) {
				producer.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		return results;
	}

	private static void record(Results results, String type, Appended appended, Throwable error) {
		if (error == null) {
			if (type.startsWith("test.refused")) {
				results.refusedAcknowledged.incrementAndGet();
			}
			if (results.acknowledged.put(appended.index(), appended) != null) {
				results.unexpected.add(new AssertionError("index " + appended.index() + " acknowledged twice"));
			}
			return;
		}
		Throwable cause = (error.getCause() != null) ? error.getCause() : error;
		if (cause instanceof CountersignException failure && failure.code() == ErrorCode.ERR_LEDGER_UNAVAILABLE) {
			results.failed.add(type);
		}
		else {
			results.unexpected.add(cause);
		}
	}

	// Acknowledged = stored: the indexes are contiguous from where the test started, each
	// holds the acknowledged leaf, and no other row was committed.
	private static void assertStoredExactlyAsAcknowledged(PostgresTestDatabase database, long before,
			Map<Long, Appended> acknowledged) throws SQLException {
		Map<Long, Hash> stored = new HashMap<>();
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT idx, leaf_hash FROM ledger_entry WHERE idx >= " + before + " ORDER BY idx")) {
			while (rows.next()) {
				stored.put(rows.getLong(1), Hash.of(rows.getBytes(2)));
			}
		}
		assertThat(stored.keySet()).hasSameSizeAs(acknowledged.keySet()).containsAll(acknowledged.keySet());
		for (Appended appended : acknowledged.values()) {
			assertThat(stored.get(appended.index())).as("leaf hash at %d", appended.index())
				.isEqualTo(appended.leafHash());
		}
		assertThat(acknowledged.keySet())
			.allSatisfy((index) -> assertThat(index).isBetween(before, before + acknowledged.size() - 1));
	}

	private static void refuseTestTypes(PostgresTestDatabase database) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("""
					CREATE FUNCTION refuse_test_event() RETURNS trigger LANGUAGE plpgsql AS $$
					BEGIN
					  RAISE EXCEPTION 'refused by the test: %', NEW.type;
					END $$""");
			statement
				.execute("CREATE TRIGGER refuse_at_insert BEFORE INSERT ON ledger_entry FOR EACH ROW WHEN (NEW.type = '"
						+ REFUSED_AT_INSERT + "') EXECUTE FUNCTION refuse_test_event()");
			statement.execute("CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON ledger_entry "
					+ "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.type = '" + REFUSED_AT_COMMIT
					+ "') EXECUTE FUNCTION refuse_test_event()");
		}
	}

	private static void stallOnce(PostgresTestDatabase database) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SEQUENCE stalled_once");
			statement.execute("""
					CREATE FUNCTION stall_test_event() RETURNS trigger LANGUAGE plpgsql AS $$
					BEGIN
					  IF nextval('stalled_once') = 1 THEN
					    PERFORM pg_sleep(30);
					  END IF;
					  RETURN NEW;
					END $$""");
			statement.execute("CREATE TRIGGER stall BEFORE INSERT ON ledger_entry FOR EACH ROW WHEN (NEW.type = '"
					+ STALLED + "') EXECUTE FUNCTION stall_test_event()");
		}
	}

	// Waits for the backend sleeping in the trigger and for a batch written ahead of it
	// (its transaction idle after its COPY, waiting for the stalled one), then kills the
	// sleeping one. Any other idle transaction (the checkpointer's, between two of its
	// statements) is not a batch written ahead: killing on it lost the race in CI.
	private static void killStalledBackend(PostgresTestDatabase database) {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			Long stalled = null;
			boolean aheadWaiting = false;
			while (System.nanoTime() < deadline && (stalled == null || !aheadWaiting)) {
				stalled = null;
				aheadWaiting = false;
				try (ResultSet rows = statement.executeQuery("""
						SELECT pid, wait_event = 'PgSleep',
						       state = 'idle in transaction' AND query LIKE 'COPY ledger_entry %'
						FROM pg_stat_activity
						WHERE datname = current_database() AND pid <> pg_backend_pid()""")) {
					while (rows.next()) {
						if (rows.getBoolean(2)) {
							stalled = rows.getLong(1);
						}
						aheadWaiting |= rows.getBoolean(3);
					}
				}
				Thread.sleep(20);
			}
			assertThat(stalled).as("a backend stalled in the trigger").isNotNull();
			assertThat(aheadWaiting).as("a batch written ahead of the stalled one, waiting for it").isTrue();
			statement.execute("SELECT pg_terminate_backend(" + stalled + ")");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// Command-line arguments, so they win over application.yml (server.port: 8080).
	// The append timeout is also every ledger statement's statement_timeout: at its 10 s
	// default it could cancel the stalled insert before the killer has seen the batch
	// written ahead of it, and the test would then see no stall to kill. These tests are
	// about failed and killed batches, not about the timeout (LedgerStallTest is).
	private static ConfigurableApplicationContext start(PostgresTestDatabase database) {
		return start(database, "300ms", 4096);
	}

	private static ConfigurableApplicationContext start(PostgresTestDatabase database, String checkpointInterval,
			int maxBatch) {
		return new SpringApplicationBuilder(CountersignApplication.class).run("--server.port=0",
				"--countersign.ledger.append-timeout=60s", "--spring.datasource.url=" + database.jdbcUrl(),
				"--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(), "--countersign.master-key=" + MASTER_KEY,
				"--countersign.ledger.checkpoint-interval=" + checkpointInterval,
				"--countersign.ledger.max-batch=" + maxBatch);
	}

}
