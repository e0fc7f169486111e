package io.countersign.server.audit.internal;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.NoteSigner;
import io.countersign.ledger.note.SignedNote;
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
 * Someone with superuser rights on PostgreSQL cuts off the tail of the ledger together
 * with the checkpoints that cover it: what is left verifies on its own, but not against
 * the tree head the running server saw, nor against a checkpoint a client kept.
 */
class LedgerVerificationsTest {

	private static final String VERIFICATIONS = "/api/v1/ledger/verifications";

	@TempDir
	Path dataDir;

	@Test
	void aTailCutOffWithItsCheckpointsIsTamperedForTheServerThatSawIt() throws SQLException {
		try (PostgresTestDatabase database = PostgresTestDatabase.create();
				RunningApplication app = RunningApplication.start(settings(database))) {
			ApiClient api = admin(app);
			append(api, 10);
			long seen = size(cutCheckpoint(api));
			assertThat(verify(api).path("intact").asBoolean()).isTrue();

			cutTail(database, seen - 5);

			JsonNode report = verify(api);
			assertThat(report.path("intact").asBoolean()).as(report.toString()).isFalse();
			assertThat(report.path("failure").asString()).isEqualTo("TRUNCATED");
			assertThat(report.path("index").asLong()).isEqualTo(seen - 5);
			assertThat(report.path("detail").asString())
				.isEqualTo("the ledger is shorter than the tree head this server saw: size " + seen + ", stored "
						+ (seen - 5));

			// the server goes on appending after the cut, past the size it saw: a second
			// history that is no longer shorter, but has another root at that size
			append(api, 10);
			cutCheckpoint(api);
			JsonNode forked = poll(api, start(api, "{}"));
			assertThat(forked.path("state").asString()).isEqualTo("tampered");
			assertThat(forked.path("seen").path("size").asLong()).isEqualTo(seen);
			assertThat(forked.path("result").path("failure").asString()).isEqualTo("CHECKPOINT_ROOT_MISMATCH");
			assertThat(forked.path("result").path("index").asLong()).isEqualTo(seen - 1);
			assertThat(forked.path("result").path("detail").asString())
				.startsWith("the ledger differs from the tree head this server saw: at size " + seen);

			// both are news on the ledger itself, for alert rule D10
			JsonNode failed = await().atMost(Duration.ofSeconds(30))
				.until(() -> events(api, "countersign_ledger_verification_failed"), (found) -> found.size() > 0)
				.get(0)
				.path("event");
			assertThat(failed.path("actor").path("type").asString()).isEqualTo("system");
			assertThat(failed.path("details").path("state").asString()).isEqualTo("tampered");
			assertThat(failed.path("details").path("run").asString()).isEqualTo(forked.path("id").asString());
			assertThat(failed.path("details").path("summary").asString()).contains("CHECKPOINT_ROOT_MISMATCH");
			JsonNode contradicted = await().atMost(Duration.ofSeconds(30))
				.until(() -> events(api, "countersign_tree_head_contradicted"), (found) -> found.size() > 0)
				.get(0)
				.path("event");
			assertThat(contradicted.path("details").path("size").asLong()).isEqualTo(seen);
		}
	}

	private static JsonNode events(ApiClient api, String type) {
		HttpResponse<String> response = api.get("/api/v1/events?type=" + type);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return ApiClient.json(response).path("events");
	}

	@Test
	void aCheckpointKeptFromBeforeTheCutShowsItEvenAfterARestart() throws SQLException {
		try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
			String kept;
			try (RunningApplication app = RunningApplication.start(settings(database))) {
				ApiClient api = admin(app);
				append(api, 10);
				kept = cutCheckpoint(api);
			}
			long size = size(kept);
			cutTail(database, size - 3);

			try (RunningApplication app = RunningApplication.start(settings(database))) {
				ApiClient api = admin(app);
				// the restarted server remembers nothing beyond what is stored
				assertThat(verify(api).path("intact").asBoolean()).isTrue();

				JsonNode report = ApiClient.json(api.get("/api/v1/ledger/verify?checkpoint=" + urlEncoded(kept)));
				assertThat(report.path("intact").asBoolean()).as(report.toString()).isFalse();
				assertThat(report.path("failure").asString()).isEqualTo("TRUNCATED");
				assertThat(report.path("detail").asString())
					.isEqualTo("the ledger is shorter than the checkpoint you supplied: size " + size + ", stored "
							+ (size - 3));

				JsonNode polled = poll(api, start(api, "{\"checkpoint\":" + jsonString(kept) + "}"));
				assertThat(polled.path("state").asString()).isEqualTo("tampered");
				assertThat(polled.path("checkpoint").path("size").asLong()).isEqualTo(size);
				assertThat(polled.path("result").path("failure").asString()).isEqualTo("TRUNCATED");
			}
		}
	}

	@Test
	void aForgedCheckpointIsRefusedWithItsCode() throws SQLException {
		try (PostgresTestDatabase database = PostgresTestDatabase.create();
				RunningApplication app = RunningApplication.start(settings(database))) {
			ApiClient api = admin(app);
			append(api, 3);
			String genuine = cutCheckpoint(api);
			Checkpoint checkpoint = Checkpoint.parse(SignedNote.parse(genuine).text());
			// a larger tree under the genuine signature
			String stretched = genuine.replaceFirst("\n" + checkpoint.size() + "\n",
					"\n" + (checkpoint.size() + 1000) + "\n");
			// a well-formed note for this origin, signed by a key that is not the
			// ledger's
			NoteSigner stranger = NoteSigner.generate(checkpoint.origin());
			String foreign = stranger
				.sign(new Checkpoint(checkpoint.origin(), checkpoint.size() + 1000, checkpoint.root()).body());

			for (String forged : List.of(stretched, foreign)) {
				HttpResponse<String> started = start(api, "{\"checkpoint\":" + jsonString(forged) + "}");
				assertThat(started.statusCode()).as(started.body()).isEqualTo(400);
				assertThat(ApiClient.json(started).path("code").asString()).isEqualTo("ERR_INVALID_CHECKPOINT");
				assertThat(ApiClient.json(started).path("detail").asString()).contains("no valid signature");
				HttpResponse<String> sync = api.get("/api/v1/ledger/verify?checkpoint=" + urlEncoded(forged));
				assertThat(sync.statusCode()).as(sync.body()).isEqualTo(400);
				assertThat(ApiClient.json(sync).path("code").asString()).isEqualTo("ERR_INVALID_CHECKPOINT");
			}
			HttpResponse<String> garbage = start(api, "{\"checkpoint\":\"not a note\"}");
			assertThat(garbage.statusCode()).isEqualTo(400);
			assertThat(ApiClient.json(garbage).path("code").asString()).isEqualTo("ERR_INVALID_CHECKPOINT");
		}
	}

	@Test
	void oneVerificationAtATimeAndPollingShowsProgressThenTheResult() throws SQLException {
		try (PostgresTestDatabase database = PostgresTestDatabase.create();
				RunningApplication app = RunningApplication.start(settings(database))) {
			ApiClient api = admin(app);
			append(api, 2000);
			long size = size(cutCheckpoint(api));
			HttpResponse<String> first;
			List<JsonNode> whileHeld = new ArrayList<>();
			// verification reads the checkpoints first: holding their table holds it
			try (Connection holder = database.connect(); Statement statement = holder.createStatement()) {
				holder.setAutoCommit(false);
				statement.execute("LOCK TABLE ledger_checkpoint IN ACCESS EXCLUSIVE MODE");

				first = start(api, "");
				HttpResponse<String> second = start(api, "{}");
				HttpResponse<String> sync = api.get("/api/v1/ledger/verify");
				// the run has measured the ledger and waits for the checkpoints
				whileHeld.add(await().atMost(Duration.ofMinutes(1))
					.until(() -> ApiClient.json(api.get(location(first))),
							(verification) -> verification.path("entriesTotal").asLong() > 0));

				assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
				for (HttpResponse<String> refused : List.of(second, sync)) {
					assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
					assertThat(ApiClient.json(refused).path("code").asString()).isEqualTo("ERR_VERIFY_IN_PROGRESS");
					assertThat(refused.headers().firstValue("Retry-After"))
						.hasValueSatisfying((seconds) -> assertThat(Long.parseLong(seconds)).isPositive());
				}
				holder.rollback();
			}
			JsonNode running = whileHeld.get(0);
			assertThat(running.path("state").asString()).isEqualTo("running");
			assertThat(running.path("entriesChecked").asLong()).isZero();
			assertThat(running.path("entriesTotal").asLong()).isEqualTo(size);
			assertThat(running.has("finishedAt")).isFalse();
			assertThat(running.has("result")).isFalse();

			JsonNode done = poll(api, first);
			assertThat(done.path("state").asString()).isEqualTo("intact");
			assertThat(done.path("entriesChecked").asLong()).isEqualTo(done.path("entriesTotal").asLong())
				.isGreaterThanOrEqualTo(size);
			assertThat(done.path("finishedAt").asString()).isNotEmpty();
			assertThat(done.path("result").path("intact").asBoolean()).isTrue();
			assertThat(done.path("seen").path("size").asLong()).isGreaterThanOrEqualTo(size);

			HttpResponse<String> again = start(api, "{}");
			assertThat(again.statusCode()).as("the slot is free again").isEqualTo(202);
			assertThat(poll(api, again).path("state").asString()).isEqualTo("intact");
			assertThat(api.get(VERIFICATIONS + "/00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
			assertThat(api.get(VERIFICATIONS + "/not-an-id").statusCode()).isEqualTo(404);
		}
	}

	// --- helpers

	private Map<String, String> settings(PostgresTestDatabase database) {
		Map<String, String> settings = new HashMap<>();
		settings.put("spring.datasource.url", database.jdbcUrl());
		settings.put("countersign.data-dir", this.dataDir.toString());
		settings.put("countersign.master-key", TestSecrets.MASTER_KEY);
		settings.put("countersign.bootstrap-token", TestSecrets.BOOTSTRAP_TOKEN);
		return settings;
	}

	private static ApiClient admin(RunningApplication app) {
		return app.api().withToken(TestSecrets.BOOTSTRAP_TOKEN);
	}

	private static void append(ApiClient api, int events) {
		for (int from = 0; from < events; from += 1000) {
			String batch = IntStream.range(from, Math.min(events, from + 1000))
				.mapToObj((i) -> """
						{"type":"deployment_started","actor":{"id":"mallory","type":"user"},"action":"deploy",
						 "resource":{"type":"service","id":"billing-%d"}}""".formatted(i))
				.collect(Collectors.joining(",", "[", "]"));
			HttpResponse<String> response = api.post("/api/v1/events", "application/json", batch);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		}
	}

	private static String cutCheckpoint(ApiClient api) {
		HttpResponse<String> response = api.send("POST", "/api/v1/ledger/checkpoint");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private static long size(String note) {
		return Checkpoint.parse(SignedNote.parse(note).text()).size();
	}

	private static JsonNode verify(ApiClient api) {
		HttpResponse<String> response = api.get("/api/v1/ledger/verify");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return ApiClient.json(response);
	}

	private static HttpResponse<String> start(ApiClient api, String body) {
		return api.post(VERIFICATIONS, "application/json", body);
	}

	private static String location(HttpResponse<String> started) {
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		String location = started.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(VERIFICATIONS + "/").endsWith(ApiClient.json(started).path("id").asString());
		return location;
	}

	/** Polls a started verification until it ends; its progress never goes back. */
	private static JsonNode poll(ApiClient api, HttpResponse<String> started) {
		String location = location(started);
		long[] checked = { 0 };
		return await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() -> {
			HttpResponse<String> response = api.get(location);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			JsonNode verification = ApiClient.json(response);
			long now = verification.path("entriesChecked").asLong();
			assertThat(now).isGreaterThanOrEqualTo(checked[0])
				.isLessThanOrEqualTo(verification.path("entriesTotal").asLong());
			checked[0] = now;
			return verification;
		}, (verification) -> !verification.path("state").asString().equals("running"));
	}

	/**
	 * As a superuser with the append-only triggers off: the tail and its checkpoints go.
	 */
	private static void cutTail(PostgresTestDatabase database, long keep) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("SET session_replication_role = replica");
			connection.setAutoCommit(false);
			statement.executeUpdate("DELETE FROM ledger_entry WHERE idx >= " + keep);
			statement.executeUpdate("DELETE FROM ledger_checkpoint WHERE tree_size > " + keep);
			connection.commit();
		}
	}

	private static String urlEncoded(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static String jsonString(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
	}

}
