package io.countersign.server.audit.internal;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Submitter;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.verify.Intact;
import io.countersign.server.audit.Appended;
import io.countersign.server.audit.AuditLog;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.LedgerVerification;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The database stalls under the sequencer (a real lock on {@code ledger_entry}, held by
 * another session): callers are answered 503 {@code ERR_LEDGER_UNAVAILABLE} instead of
 * hanging, readiness goes DOWN while liveness stays UP; once the lock is gone readiness
 * is UP again, appends succeed, and every acknowledged event is stored exactly once in a
 * ledger that verifies.
 */
@TestPropertySource(properties = "countersign.ledger.append-timeout=2s")
class LedgerStallTest extends PostgresApplicationTest {

	// far beyond the 2 s timeout: only "it answered", never how fast
	private static final Duration ANSWERED = Duration.ofSeconds(60);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private LedgerVerification verification;

	@Autowired
	private AuditLog auditLog;

	// acknowledged event id -> index
	private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();

	@Test
	void aLockedLedgerTableAnswers503AndReadinessDownThenRecovers() throws Exception {
		ApiClient client = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		assertThat(append(client, "before.stall").statusCode()).isEqualTo(201);
		assertThat(this.api.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

		try (Connection locker = database().connect()) {
			locker.setAutoCommit(false);
			try (Statement lock = locker.createStatement()) {
				lock.execute("LOCK TABLE ledger_entry IN ACCESS EXCLUSIVE MODE");
			}

			CompletableFuture<Appended> async = this.auditLog
				.appendAsync(EventDraft.of("during.stall.async", new Actor("stall-test", "service"))
					.withSubmitter(new Submitter("stall-test", "token:test"))
					.withOutcome(Outcome.SUCCESS, Optional.empty()));
			List<HttpResponse<String>> answers = appendConcurrently(client, 8, "during.stall");

			assertThatThrownBy(() -> async.get(ANSWERED.toSeconds(), TimeUnit.SECONDS))
				.isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOfSatisfying(CountersignException.class,
						(failure) -> assertThat(failure.code()).isEqualTo(ErrorCode.ERR_LEDGER_UNAVAILABLE));

			assertThat(answers).allSatisfy((answer) -> {
				assertThat(answer.statusCode()).isEqualTo(503);
				assertThat(ApiClient.json(answer).path("code").asString()).isEqualTo("ERR_LEDGER_UNAVAILABLE");
			});
			await().atMost(ANSWERED).untilAsserted(() -> {
				append(client, "keeps.trying");
				assertThat(this.api.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
			});
			// a stalled database is not cured by restarting this server
			assertThat(this.api.get("/actuator/health/liveness").statusCode()).isEqualTo(200);

			locker.rollback();
		}

		await().atMost(ANSWERED)
			.untilAsserted(() -> assertThat(this.api.get("/actuator/health/readiness").statusCode()).isEqualTo(200));
		List<HttpResponse<String>> after = appendConcurrently(client, 8, "after.stall");
		assertThat(after).allSatisfy((answer) -> assertThat(answer.statusCode()).isEqualTo(201));
		assertEveryAcknowledgedEventStoredOnce();
		// nothing of the stall was sequenced before its caller gave up: none of it stored
		assertThat(storedOfTypes("during.stall", "during.stall.async", "keeps.trying")).isZero();
		assertThat(this.verification.verify()).isInstanceOf(Intact.class);
	}

	@Test
	void aWriterWhoseBackendIsTerminatedAnswers503AndTheLedgerGoesOn() throws Exception {
		ApiClient client = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		assertThat(append(client, "before.kill").statusCode()).isEqualTo(201);

		List<HttpResponse<String>> answers;
		try (Connection locker = database().connect()) {
			locker.setAutoCommit(false);
			try (Statement lock = locker.createStatement()) {
				lock.execute("LOCK TABLE ledger_entry IN ACCESS EXCLUSIVE MODE");
			}
			ExecutorService killer = Executors.newSingleThreadExecutor();
			try {
				// while the appends wait, kill every backend of the server stuck behind
				// the
				// lock: the writer's connection dies mid-statement
				Future<Integer> killed = killer.submit(() -> terminateBackendsWaitingFor(locker));
				answers = appendConcurrently(client, 4, "during.kill");
				assertThat(killed.get(ANSWERED.toSeconds(), TimeUnit.SECONDS)).isPositive();
			}
			finally {
				killer.shutdownNow();
			}
			locker.rollback();
		}

		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.statusCode()).isEqualTo(503);
			assertThat(ApiClient.json(answer).path("code").asString()).isEqualTo("ERR_LEDGER_UNAVAILABLE");
		});
		await().atMost(ANSWERED)
			.untilAsserted(() -> assertThat(append(client, "after.kill").statusCode()).isEqualTo(201));
		assertThat(appendConcurrently(client, 4, "after.kill"))
			.allSatisfy((answer) -> assertThat(answer.statusCode()).isEqualTo(201));
		await().atMost(ANSWERED)
			.untilAsserted(() -> assertThat(this.api.get("/actuator/health/readiness").statusCode()).isEqualTo(200));
		assertEveryAcknowledgedEventStoredOnce();
		assertThat(storedOfTypes("during.kill")).isZero();
		assertThat(this.verification.verify()).isInstanceOf(Intact.class);
	}

	private static long storedOfTypes(String... types) throws SQLException {
		try (Connection connection = database().connect();
				Statement statement = connection.createStatement();
				ResultSet count = statement.executeQuery(
						"SELECT count(*) FROM ledger_entry WHERE type IN ('" + String.join("', '", types) + "')")) {
			count.next();
			return count.getLong(1);
		}
	}

	private HttpResponse<String> append(ApiClient client, String type) {
		HttpResponse<String> response = client.post("/api/v1/events", "application/json",
				"{\"type\":\"" + type + "\",\"actor\":{\"id\":\"stall-test\",\"type\":\"user\"}}");
		if (response.statusCode() == 201) {
			JsonNode receipt = ApiClient.json(response);
			this.acknowledged.put(receipt.path("id").asString(), receipt.path("index").asLong());
		}
		return response;
	}

	private List<HttpResponse<String>> appendConcurrently(ApiClient client, int callers, String type) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(callers);
		try {
			List<Future<HttpResponse<String>>> calls = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				calls.add(threads.submit(() -> append(client, type)));
			}
			List<HttpResponse<String>> answers = new ArrayList<>();
			for (Future<HttpResponse<String>> call : calls) {
				answers.add(call.get(ANSWERED.toSeconds(), TimeUnit.SECONDS));
			}
			return answers;
		}
		finally {
			threads.shutdownNow();
		}
	}

	// Terminates the backends that wait for the locker's lock, once there is one.
	private static int terminateBackendsWaitingFor(Connection locker) throws SQLException, InterruptedException {
		try (Connection admin = database().connect(); Statement statement = admin.createStatement()) {
			long deadline = System.nanoTime() + ANSWERED.toNanos();
			while (System.nanoTime() < deadline) {
				try (ResultSet killed = statement.executeQuery("""
						SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
						WHERE datname = current_database() AND wait_event_type = 'Lock'
						AND pid <> pg_backend_pid()""")) {
					killed.next();
					if (killed.getInt(1) > 0) {
						return killed.getInt(1);
					}
				}
				Thread.sleep(20);
			}
			return 0;
		}
	}

	// Every acknowledged id is in exactly one row, at the index it was acknowledged with;
	// the indexes have no gap.
	private void assertEveryAcknowledgedEventStoredOnce() throws SQLException {
		Map<String, List<Long>> stored = new ConcurrentHashMap<>();
		long rows = 0;
		long maxIndex = -1;
		try (Connection connection = database().connect();
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("SELECT idx, convert_from(leaf, 'UTF8') FROM ledger_entry")) {
			while (row.next()) {
				rows++;
				maxIndex = Math.max(maxIndex, row.getLong(1));
				String id = JSON.readTree(row.getString(2)).path("id").asString();
				stored.computeIfAbsent(id, (key) -> new ArrayList<>()).add(row.getLong(1));
			}
		}
		assertThat(maxIndex + 1).as("no gap in the indexes").isEqualTo(rows);
		assertThat(this.acknowledged).isNotEmpty();
		this.acknowledged
			.forEach((id, index) -> assertThat(stored.get(id)).as("rows of %s", id).containsExactly(index));
	}

}
