package io.countersign.server.alert;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.RunningApplication;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The detection engine on one PostgreSQL database across restarts and instances: every
 * probe event is evaluated exactly once, whichever instance holds the lease, and an
 * instance that stops in the middle of a stream leaves nothing fired twice or missed.
 */
class DetectionAcrossInstancesTest {

	private static final List<String> ACTORS = List.of("ivan", "alice", "bob");

	private PostgresTestDatabase database;

	private final List<RunningApplication> running = new ArrayList<>();

	@BeforeEach
	void database() throws Exception {
		this.database = PostgresTestDatabase.create();
		ProbeDetector.forget();
	}

	@AfterEach
	void stop() throws Exception {
		for (RunningApplication application : this.running) {
			application.close();
		}
		this.database.close();
	}

	@Test
	void aRestartInTheMiddleOfAStreamFiresNothingTwiceAndMissesNothing() throws Exception {
		RunningApplication first = start();
		ProbeDetector.holdAfterFirstCommit = true;
		for (int batch = 0; batch < 20; batch++) {
			append(first, batch);
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> engine(first).get("position").asLong() > 0);
		JsonNode stopped = engine(first);
		first.close();
		ProbeDetector.holdAfterFirstCommit = false;
		// stopped in the middle of the stream (batches of 7, held after the first)
		assertThat(stopped.get("lagEntries").asLong()).isPositive();
		RunningApplication second = start();
		for (int batch = 20; batch < 40; batch++) {
			append(second, batch);
		}

		caughtUp(second);

		assertEachProbeEvaluatedOnce(second);
		assertOneAlertPerActorWithEveryHit(second);
		// the second instance rebuilt the probe's window from the entries before it
		assertThat(ProbeDetector.REPLAYED).isNotEmpty();
		// the engine never shows its own alert events to detectors
		assertThat(ProbeDetector.TYPES).noneMatch((type) -> type.startsWith("alert_"));
	}

	@Test
	void twoInstancesEvaluateEachEventOnceAndTheOtherTakesOverWhenTheHolderStops() throws Exception {
		RunningApplication first = start();
		RunningApplication second = start();
		ExecutorService producers = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> appends = new ArrayList<>();
			for (int producer = 0; producer < 2; producer++) {
				RunningApplication on = (producer == 0) ? first : second;
				int offset = producer * 100;
				appends.add(producers.submit(() -> {
					for (int batch = 0; batch < 15; batch++) {
						append(on, offset + batch);
					}
					return null;
				}));
			}
			for (Future<?> append : appends) {
				append.get();
			}
		}
		finally {
			producers.shutdown();
		}
		JsonNode engine = engine(first);
		RunningApplication holder = engine.get("leaseHeldHere").asBoolean() ? first : second;
		RunningApplication other = (holder == first) ? second : first;
		holder.close();
		for (int batch = 200; batch < 210; batch++) {
			append(other, batch);
		}

		caughtUp(other);

		assertThat(engine(other).get("leaseHeldHere").asBoolean()).isTrue();
		assertEachProbeEvaluatedOnce(other);
		assertOneAlertPerActorWithEveryHit(other);
	}

	private RunningApplication start() throws Exception {
		RunningApplication application = RunningApplication.start(
				Map.of("spring.datasource.url", this.database.jdbcUrl(), "spring.datasource.username",
						this.database.username(), "spring.datasource.password", this.database.password(),
						"countersign.master-key", TestSecrets.MASTER_KEY, "countersign.bootstrap-token",
						TestSecrets.BOOTSTRAP_TOKEN, "countersign.data-dir",
						Files.createTempDirectory("countersign-test-").toString(), "countersign.alerts.batch-size", "7",
						"countersign.alerts.poll-interval", "50ms", "countersign.alerts.lease-duration", "3s"),
				ProbeDetector.Configuration.class);
		this.running.add(application);
		return application;
	}

	private static ApiClient admin(RunningApplication application) {
		return application.api().withToken(TestSecrets.BOOTSTRAP_TOKEN);
	}

	/** Ten events: probes by the three actors and other events between them. */
	private static void append(RunningApplication application, int batch) {
		StringBuilder body = new StringBuilder("[");
		for (int i = 0; i < 10; i++) {
			String type = (i % 3 == 2) ? "test.other" : ProbeDetector.TYPE;
			String actor = ACTORS.get((batch + i) % ACTORS.size());
			body.append((i == 0) ? "" : ",")
				.append("{\"type\":\"")
				.append(type)
				.append("\",\"actor\":{\"id\":\"")
				.append(actor)
				.append("\",\"type\":\"user\"},\"details\":{\"batch\":")
				.append(batch)
				.append("}}");
		}
		HttpResponse<String> answer = admin(application).post("/api/v1/events", "application/json",
				body.append("]").toString());
		assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 201);
	}

	private static JsonNode engine(RunningApplication application) {
		HttpResponse<String> answer = admin(application).get("/api/v1/alerts/engine");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return ApiClient.json(answer);
	}

	/**
	 * Waits until detection reached the head (alert events written meanwhile included).
	 */
	private static void caughtUp(RunningApplication application) {
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
			JsonNode engine = engine(application);
			return engine.get("lagEntries").asLong() == 0;
		});
	}

	private static List<Long> probeIndexes(RunningApplication application) {
		List<Long> indexes = new ArrayList<>();
		String cursor = null;
		do {
			HttpResponse<String> answer = admin(application).get("/api/v1/events?type=" + ProbeDetector.TYPE
					+ "&limit=1000" + ((cursor == null) ? "" : "&cursor=" + cursor));
			JsonNode page = ApiClient.json(answer);
			page.get("events").forEach((event) -> indexes.add(event.get("index").asLong()));
			cursor = page.has("next") ? page.get("next").asString() : null;
		}
		while (cursor != null);
		return indexes;
	}

	private static void assertEachProbeEvaluatedOnce(RunningApplication application) {
		List<Long> probes = probeIndexes(application);
		assertThat(probes).isNotEmpty();
		List<Long> evaluated = new ArrayList<>(ProbeDetector.EVALUATED);
		assertThat(new HashSet<>(evaluated)).as("no probe evaluated twice").hasSameSizeAs(evaluated);
		assertThat(evaluated).as("every probe evaluated").containsExactlyInAnyOrderElementsOf(probes);
	}

	private static void assertOneAlertPerActorWithEveryHit(RunningApplication application) {
		JsonNode alerts = ApiClient.json(admin(application).get("/api/v1/alerts?rule=" + ProbeDetector.RULE));
		Map<String, Long> counts = new HashMap<>();
		Set<Long> cited = new HashSet<>();
		alerts.get("items").forEach((alert) -> {
			counts.merge(alert.get("subject").asString(), alert.get("count").asLong(), Long::sum);
			alert.get("evidence").forEach((index) -> cited.add(index.asLong()));
		});
		assertThat(counts).hasSize(ACTORS.size());
		assertThat(alerts.get("items")).hasSize(ACTORS.size());
		assertThat(counts.values().stream().mapToLong(Long::longValue).sum())
			.isEqualTo(probeIndexes(application).size());
		HttpResponse<String> raised = admin(application).get("/api/v1/events?type=alert_raised&limit=1000");
		assertThat(ApiClient.json(raised).get("events")).hasSize(ACTORS.size());
	}

}
