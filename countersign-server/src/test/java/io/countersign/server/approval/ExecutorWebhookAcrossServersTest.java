package io.countersign.server.approval;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.ExecutorReceiver.Reply;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.ServerProcess;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two server processes on one PostgreSQL database, both calling executors: each approved
 * webhook request reaches the executor exactly once while the instances race for the
 * calls and one of them restarts; and when an instance is killed mid-call, the lease runs
 * out, the other calls again with the same idempotency key (the at-least-once window
 * decision 023 documents) and the execution is recorded once. In both, the ledger holds
 * the start before the outcome and the evidence package verifies offline.
 */
class ExecutorWebhookAcrossServersTest {

	static final String SECRET = ExecutorWebhookTest.SECRET;

	static PostgresTestDatabase database;

	static final Map<String, ServerProcess> servers = new HashMap<>();

	@BeforeAll
	static void twoServers() throws Exception {
		database = PostgresTestDatabase.create();
		start("a");
		start("b");
	}

	@AfterAll
	static void stop() throws Exception {
		servers.values().forEach(ServerProcess::close);
		if (database != null) {
			database.close();
		}
	}

	@Test
	void racingInstancesAndARestartCallTheExecutorExactlyOncePerRequest() throws Exception {
		try (ExecutorReceiver receiver = ExecutorReceiver.start(0, SECRET, (call) -> {
			pause(Duration.ofMillis(300));
			return Reply.executed("{\"done\":true}");
		})) {
			ApprovalFixture fixture = fixture("b");
			Person ivan = fixture.person("ivan", "operator");
			Person alice = fixture.person("alice", "approver");
			String type = ExecutorWebhookTest.webhookPolicy(fixture, receiver.url(), SECRET);
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				String id = fixture.open(ivan, type, "{\"n\":" + i + "}").get("id").asString();
				ExecutorWebhookTest.approve(fixture, alice, id);
				ids.add(id);
			}

			// while both instances work through the calls, one of them restarts
			restart("a");

			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> ids.stream()
					.allMatch((id) -> "EXECUTED".equals(fixture.read(id).get("state").asString())));
			assertThat(receiver.calls()).hasSize(ids.size())
				.allSatisfy((call) -> assertThat(call.signatureValid()).isTrue());
			String key = fixture.admin().get("/api/v1/ledger/key").body().strip();
			for (String id : ids) {
				assertThat(receiver.callsWithKey(id + "/1")).hasSize(1);
				// the start is on the ledger before the call is made, so before the
				// outcome
				// is recorded: ledger order is start, outcome, whichever instances took
				// them
				// and even for a request started by the instance that restarted (decision
				// 023, "Ledger order")
				await().atMost(Duration.ofSeconds(60))
					.untilAsserted(() -> assertThat(fixture.eventTypes(id))
						.filteredOn((event) -> event.startsWith("ACTION_EXECUTION_"))
						.containsExactly("ACTION_EXECUTION_STARTED", "ACTION_EXECUTION_SUCCEEDED"));
				// and the evidence package, which replays the steps in ledger order,
				// holds
				HttpResponse<byte[]> evidence = ivan.api().getBytes("/api/v1/approvals/" + id + "/evidence");
				assertThat(evidence.statusCode()).isEqualTo(200);
				Path zip = Files.write(Files.createTempDirectory("executor-evidence-").resolve("evidence.zip"),
						evidence.body());
				OfflineVerification.Outcome verified = OfflineVerification.verify(zip, key);
				assertThat(verified.exit()).as(verified.line()).isZero();
				assertThat(verified.line()).contains("state EXECUTED");
			}
		}
	}

	@Test
	void anInstanceKilledMidCallLeavesTheCallToTheOtherAndTheExecutionIsRecordedOnce() throws Exception {
		try (ExecutorReceiver receiver = ExecutorReceiver.start(0, SECRET,
				(call) -> Reply.executed("{\"attempt\":" + call.json().get("attempt") + "}"))) {
			receiver.holdCalls();
			ApprovalFixture fixture = fixture("a");
			Person ivan = fixture.person("ivan", "operator");
			Person alice = fixture.person("alice", "approver");
			String type = ExecutorWebhookTest.webhookPolicy(fixture, receiver.url(), SECRET);
			String id = fixture.open(ivan, type, "{\"n\":1}").get("id").asString();
			ExecutorWebhookTest.approve(fixture, alice, id);
			assertThat(receiver.awaitFirstCall(Duration.ofSeconds(60))).isTrue();

			String caller = ExecutorWebhookTest.attempts(fixture.admin(), id)
				.get("items")
				.get(0)
				.get("instance")
				.asString();
			servers.get(caller).kill();
			receiver.release();
			String survivor = caller.equals("a") ? "b" : "a";
			ApprovalFixture surviving = fixture(survivor);
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> "EXECUTED".equals(surviving.read(id).get("state").asString()));
			start(caller);

			assertThat(receiver.callsWithKey(id + "/1")).hasSize(2)
				.allSatisfy((call) -> assertThat(call.signatureValid()).isTrue());
			JsonNode attempts = ExecutorWebhookTest.attempts(surviving.admin(), id);
			assertThat(attempts.get("state").asString()).isEqualTo("ANSWERED");
			assertThat(attempts.get("items")).hasSize(2);
			JsonNode lost = attempts.get("items").get(0);
			assertThat(lost.get("instance").asString()).isEqualTo(caller);
			assertThat(lost.has("finishedAt")).as("the killed instance never finished its attempt").isFalse();
			JsonNode answered = attempts.get("items").get(1);
			assertThat(answered.get("instance").asString()).isEqualTo(survivor);
			assertThat(answered.get("outcome").asString()).isEqualTo("executed");
			assertThat(surviving.read(id).get("execution").get("result").get("attempt").asInt()).isEqualTo(2);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(surviving.eventTypes(id))
					.filteredOn((event) -> event.startsWith("ACTION_EXECUTION_"))
					.containsExactly("ACTION_EXECUTION_STARTED", "ACTION_EXECUTION_SUCCEEDED"));
		}
	}

	private static ApprovalFixture fixture(String server) {
		return new ApprovalFixture(servers.get(server).api().withToken(TestSecrets.BOOTSTRAP_TOKEN));
	}

	private static void restart(String name) throws Exception {
		servers.remove(name).close();
		start(name);
	}

	private static void start(String name) throws Exception {
		Map<String, String> settings = new HashMap<>();
		settings.put("spring.datasource.url", database.jdbcUrl());
		settings.put("countersign.master-key", TestSecrets.MASTER_KEY);
		settings.put("countersign.bootstrap-token", TestSecrets.BOOTSTRAP_TOKEN);
		settings.put("countersign.data-dir", Files.createTempDirectory("countersign-test-").toString());
		settings.put("countersign.approvals.executor.poll-interval", "PT0.2S");
		settings.put("countersign.approvals.executor.timeout", "PT3S");
		settings.put("countersign.approvals.executor.lease", "PT4S");
		settings.put("countersign.approvals.executor.retry-first", "PT0.5S");
		settings.put("countersign.approvals.executor.retry-ceiling", "PT1S");
		settings.put("countersign.approvals.executor.instance-name", name);
		servers.put(name, ServerProcess.start(settings, Path.of("target", "executor-servers", name + ".log")));
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
