package io.countersign.server.approval;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.ExecutorReceiver.Reply;
import io.countersign.server.approval.internal.execution.ExecutorSecrets;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static io.countersign.server.approval.ApprovalFixture.code;
import static io.countersign.server.approval.ApprovalFixture.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook execution on one server: the executor is called once the quorum is met, with a
 * signature it checks; a receiver that is down first delays the execution and is called
 * once it is up; an explicit "failed" answer is ACTION_EXECUTION_FAILED; the initiator
 * can neither claim nor report; the secret never leaves the server.
 */
@TestPropertySource(properties = { "countersign.approvals.executor.poll-interval=PT0.1S",
		"countersign.approvals.executor.retry-first=PT0.3S", "countersign.approvals.executor.retry-ceiling=PT0.6S",
		"countersign.approvals.executor.timeout=PT2S", "countersign.approvals.executor.lease=PT5S",
		"countersign.approvals.executor.instance-name=only" })
class ExecutorWebhookTest extends PostgresApplicationTest {

	static final String SECRET = "3f1c9a0e5b7d2468ace013579bdf2468ace013579bdf2468";

	static final String PARAMETERS = "{\"secret\":\"db-primary\",\"graceSeconds\":300}";

	ApprovalFixture fixture;

	Person ivan;

	Person alice;

	@BeforeEach
	void people() {
		this.fixture = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
		this.ivan = this.fixture.person("ivan", "operator");
		this.alice = this.fixture.person("alice", "approver");
	}

	@Test
	void aReceiverDownFirstDelaysTheExecutionWhichIsRecordedOnceWhenItComesUp() throws Exception {
		int port = freePort();
		String type = webhookPolicy(this.fixture, "http://127.0.0.1:" + port + "/execute", SECRET);
		String id = this.fixture.open(this.ivan, type, PARAMETERS).get("id").asString();
		approve(this.fixture, this.alice, id);

		// nobody listens: attempts fail and are retried, the request stays EXECUTING
		await().atMost(Duration.ofSeconds(30)).until(() -> attempts(this.fixture.admin(), id).get("items").size() >= 3);
		assertThat(this.fixture.read(id).get("state").asString()).isEqualTo("EXECUTING");
		JsonNode failing = attempts(this.fixture.admin(), id);
		assertThat(failing.get("state").asString()).isEqualTo("PENDING");
		assertThat(failing.get("url").asString()).isEqualTo("http://127.0.0.1:" + port + "/execute");
		assertThat(failing.get("items").get(0).get("outcome").asString()).isEqualTo("error");
		assertThat(failing.get("items").get(0).get("instance").asString()).isEqualTo("only");

		try (ExecutorReceiver receiver = ExecutorReceiver.start(port, SECRET,
				(call) -> Reply.executed("{\"rotated\":\"db-primary\",\"version\":7}"))) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> "EXECUTED".equals(this.fixture.read(id).get("state").asString()));

			assertThat(receiver.calls()).singleElement().satisfies((call) -> {
				assertThat(call.signatureValid()).isTrue();
				assertThat(call.idempotencyKey()).isEqualTo(id + "/1");
				Map<String, Object> body = call.json();
				assertThat(body).containsEntry("requestId", id)
					.containsEntry("revision", 1L)
					.containsEntry("actionType", type)
					.containsEntry("idempotencyKey", id + "/1")
					.containsEntry("digest", this.fixture.read(id).get("digest").asString());
				assertThat(body.get("parameters")).isEqualTo(Map.of("secret", "db-primary", "graceSeconds", 300L));
				assertThat((List<?>) body.get("approvals")).singleElement()
					.satisfies((approval) -> assertThat(((Map<?, ?>) approval).get("approver"))
						.isEqualTo(this.alice.name()));
			});
		}
		JsonNode executed = this.fixture.read(id);
		assertThat(executed.get("execution").get("outcome").asString()).isEqualTo("succeeded");
		assertThat(executed.get("execution").get("result").get("version").asInt()).isEqualTo(7);
		JsonNode attempts = attempts(this.fixture.admin(), id);
		assertThat(attempts.get("state").asString()).isEqualTo("ANSWERED");
		JsonNode last = attempts.get("items").get(attempts.get("items").size() - 1);
		assertThat(last.get("outcome").asString()).isEqualTo("executed");
		assertThat(last.get("httpStatus").asInt()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.fixture.eventTypes(id))
				.filteredOn((type2) -> type2.startsWith("ACTION_EXECUTION_"))
				.containsExactly("ACTION_EXECUTION_STARTED", "ACTION_EXECUTION_SUCCEEDED"));

		// the evidence package of a webhook execution passes the offline verifier
		HttpResponse<byte[]> evidence = this.ivan.api().getBytes("/api/v1/approvals/" + id + "/evidence");
		assertThat(evidence.statusCode()).isEqualTo(200);
		Path zip = Files.write(Files.createTempDirectory("executor-evidence-").resolve("evidence.zip"),
				evidence.body());
		String key = this.fixture.admin().get("/api/v1/ledger/key").body().strip();
		OfflineVerification.Outcome verified = OfflineVerification.verify(zip, key);
		assertThat(verified.exit()).as(verified.line()).isZero();
		assertThat(verified.line()).contains("state EXECUTED");
	}

	@Test
	void anExplicitFailedAnswerIsRecordedAsActionExecutionFailed() throws Exception {
		try (ExecutorReceiver receiver = ExecutorReceiver.start(0, SECRET,
				(call) -> Reply.failed("{\"error\":\"vault sealed\"}"))) {
			String type = webhookPolicy(this.fixture, receiver.url(), SECRET);
			String id = this.fixture.open(this.ivan, type, PARAMETERS).get("id").asString();
			approve(this.fixture, this.alice, id);

			await().atMost(Duration.ofSeconds(30))
				.until(() -> "FAILED".equals(this.fixture.read(id).get("state").asString()));
			assertThat(receiver.calls()).hasSize(1);
			JsonNode failed = this.fixture.read(id);
			assertThat(failed.get("execution").get("outcome").asString()).isEqualTo("failed");
			assertThat(failed.get("execution").get("result").get("error").asString()).isEqualTo("vault sealed");
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				List<JsonNode> events = this.fixture.events(id);
				assertThat(events).filteredOn((event) -> event.get("type").asString().startsWith("ACTION_EXECUTION_"))
					.extracting((event) -> event.get("type").asString())
					.containsExactly("ACTION_EXECUTION_STARTED", "ACTION_EXECUTION_FAILED");
				JsonNode failure = events.stream()
					.filter((event) -> event.get("type").asString().equals("ACTION_EXECUTION_FAILED"))
					.findFirst()
					.orElseThrow();
				assertThat(failure.get("actor").get("type").asString()).isEqualTo("system");
				assertThat(failure.get("details").get("result").get("error").asString()).isEqualTo("vault sealed");
			});
		}
	}

	@Test
	void theInitiatorCannotClaimOrReportTheExecutionOfAWebhookRequest() throws Exception {
		try (ExecutorReceiver receiver = ExecutorReceiver.start(0, SECRET, (call) -> Reply.executed("null"))) {
			receiver.holdCalls();
			String type = webhookPolicy(this.fixture, receiver.url(), SECRET);
			String id = this.fixture.open(this.ivan, type, PARAMETERS).get("id").asString();
			HttpResponse<String> early = this.ivan.api().post("/api/v1/approvals/" + id + "/execution", "", "");
			assertThat(early.statusCode()).isEqualTo(409);
			approve(this.fixture, this.alice, id);
			assertThat(receiver.awaitFirstCall(Duration.ofSeconds(30))).isTrue();

			HttpResponse<String> claim = this.ivan.api().post("/api/v1/approvals/" + id + "/execution", "", "");
			assertThat(claim.statusCode()).as(claim.body()).isEqualTo(409);
			assertThat(code(claim)).isEqualTo("ERR_INVALID_STATE_TRANSITION");
			HttpResponse<String> report = this.ivan.api()
				.send("PUT", "/api/v1/approvals/" + id + "/execution", "{\"outcome\":\"succeeded\",\"result\":null}");
			assertThat(report.statusCode()).as(report.body()).isEqualTo(409);
			assertThat(this.fixture.read(id).get("state").asString()).isEqualTo("EXECUTING");
			receiver.release();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> "EXECUTED".equals(this.fixture.read(id).get("state").asString()));
			assertThat(this.fixture.read(id).get("execution").get("claimedBy").asString()).isEqualTo("countersign");
		}
	}

	@Test
	void theSecretIsNeverShownOnlyItsFingerprintAndBadExecutorsAreRefused() throws Exception {
		String type = webhookPolicy(this.fixture, "https://executor.example/run", SECRET);
		HttpResponse<String> policy = this.fixture.admin().get("/api/v1/policies/" + type);
		assertThat(policy.body()).doesNotContain(SECRET);
		JsonNode executor = ApiClient.json(policy).get("current").get("executor");
		assertThat(executor.get("url").asString()).isEqualTo("https://executor.example/run");
		assertThat(executor.get("secretFingerprint").asString()).isEqualTo(ExecutorSecrets.fingerprint(SECRET));
		assertThat(this.fixture.admin().get("/api/v1/policies/export").body()).doesNotContain(SECRET);
		assertThat(this.fixture.admin().get("/api/v1/events?limit=1000").body()).doesNotContain(SECRET);
		try (var connection = database().connect();
				var statement = connection.createStatement();
				var rows = statement.executeQuery("SELECT sealed FROM approval_executor_secret")) {
			assertThat(rows.next()).isTrue();
			assertThat(new String(rows.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1))
				.doesNotContain(SECRET);
		}

		for (String refusedUrl : List.of("ftp://executor.example/run", "https://user:pw@executor.example/run")) {
			HttpResponse<String> refused = this.fixture.admin()
				.post("/api/v1/policies", "application/json",
						"{\"actionType\":\"" + ApprovalFixture.actionType("bad")
								+ "\",\"initiators\":[\"operator\"],\"quorum\":\"1 of approver\","
								+ "\"execution\":\"webhook\",\"executor\":{\"url\":" + quote(refusedUrl)
								+ ",\"secret\":" + quote(SECRET) + "}}");
			assertThat(refused.statusCode()).as(refusedUrl + " -> " + refused.body()).isEqualTo(400);
			assertThat(code(refused)).isEqualTo("ERR_OUTBOUND_URL_REFUSED");
		}
		for (String bad : List.of("{\"url\":\"/relative\",\"secret\":" + quote(SECRET) + "}",
				"{\"url\":\"https://executor.example/run\",\"secret\":\"short\"}",
				"{\"url\":\"https://executor.example/run\",\"secretFingerprint\":\"" + "0".repeat(64) + "\"}",
				"{\"url\":\"https://executor.example/run\"}")) {
			HttpResponse<String> refused = this.fixture.admin()
				.post("/api/v1/policies", "application/json",
						"{\"actionType\":\"" + ApprovalFixture.actionType("bad")
								+ "\",\"initiators\":[\"operator\"],\"quorum\":\"1 of approver\","
								+ "\"execution\":\"webhook\",\"executor\":" + bad + "}");
			assertThat(refused.statusCode()).as(bad + " -> " + refused.body()).isEqualTo(400);
			assertThat(code(refused)).isEqualTo("ERR_VALIDATION");
		}
		// an executor answering "executed" must never stand in for Countersign's own
		// actions (activating a policy, granting admin)
		for (String gated : List.of("policy.change", "role.grant.admin", "ledger.key.rotate", "data.purge")) {
			HttpResponse<String> refused = this.fixture.admin()
				.post("/api/v1/policies", "application/json",
						"{\"actionType\":\"" + gated + "\",\"initiators\":[\"admin\"],\"quorum\":\"1 of admin\","
								+ "\"execution\":\"webhook\",\"executor\":{\"url\":\"https://executor.example/run\","
								+ "\"secret\":" + quote(SECRET) + "}}");
			assertThat(refused.statusCode()).as(gated + " -> " + refused.body()).isEqualTo(400);
			assertThat(code(refused)).isEqualTo("ERR_VALIDATION");
			assertThat(ApiClient.json(this.fixture.admin().get("/api/v1/policies/" + gated))
				.get("current")
				.get("execution")
				.asString()).isEqualTo("initiator");
		}
	}

	/** Activates (setup mode) a webhook policy: initiators operator, 1 of approver. */
	static String webhookPolicy(ApprovalFixture fixture, String url, String secret) {
		String type = ApprovalFixture.actionType("rotate");
		HttpResponse<String> created = fixture.admin()
			.post("/api/v1/policies", "application/json",
					"{\"actionType\":" + quote(type) + ",\"initiators\":[\"operator\"],\"quorum\":\"1 of approver\","
							+ "\"execution\":\"webhook\",\"executor\":{\"url\":" + quote(url) + ",\"secret\":"
							+ quote(secret) + "}}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return type;
	}

	static void approve(ApprovalFixture fixture, Person approver, String id) {
		HttpResponse<String> approved = fixture.decide(approver, id, Verdict.APPROVE, "Rotation window agreed");
		assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
	}

	static JsonNode attempts(ApiClient api, String id) {
		HttpResponse<String> response = api.get("/api/v1/approvals/" + id + "/executor-attempts");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return ApiClient.json(response);
	}

	static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
