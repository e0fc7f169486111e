package io.countersign.server.shared.webhook;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static io.countersign.server.approval.ApprovalFixture.code;
import static io.countersign.server.approval.ApprovalFixture.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbound guard at work with the production default (no allow list): every URL an
 * attacker would point a notification channel or an executor webhook at is refused when
 * saved, with nothing stored and nothing on the ledger; a private address is accepted;
 * and a destination that resolves to loopback by the time a request is due (stored past
 * the save-time check, as DNS rebinding would) is never called, its delivery or execution
 * failed at once with the reason, not retried.
 */
@TestPropertySource(properties = { "countersign.outbound.allow=", "countersign.notifications.interval=100ms",
		"countersign.notifications.retry-first=200ms", "countersign.notifications.retry-ceiling=400ms",
		"countersign.approvals.executor.poll-interval=PT0.1S", "countersign.approvals.executor.retry-first=PT0.2S",
		"countersign.approvals.executor.retry-ceiling=PT0.4S" })
class OutboundRequestsTest extends PostgresApplicationTest {

	static final String SECRET = "3f1c9a0e5b7d2468ace013579bdf2468ace013579bdf2468";

	static final List<String> ATTACKS = List.of("http://127.0.0.1/", "http://127.0.0.1:8080/actuator/health",
			"http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
			"http://2130706433/", "http://0x7f.1/", "http://0/", "http://localhost:8080/", "ftp://h.example.test/",
			"http://user:pw@h.example.test/");

	ApprovalFixture approvals;

	ApiClient admin;

	HttpServer receiver;

	final AtomicInteger received = new AtomicInteger();

	@BeforeEach
	void start() throws IOException {
		this.admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		this.approvals = new ApprovalFixture(this.admin);
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.createContext("/", (exchange) -> {
			this.received.incrementAndGet();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.receiver.start();
	}

	@AfterEach
	void stop() {
		this.receiver.stop(0);
	}

	@Test
	void urlsPointingAtTheServersOwnNetworkAreRefusedWhenSavedAndNothingIsStoredOrRecorded() throws Exception {
		String existing = channel("webhook", "https://hooks.example.test/countersign");
		long channelsBefore = count("SELECT count(*) FROM notification_channel");
		long eventsBefore = recordedEvents();
		for (String url : ATTACKS) {
			for (String kind : List.of("webhook", "slack")) {
				HttpResponse<String> created = this.admin.post("/api/v1/notification-channels", "application/json",
						channelJson(kind, url));
				assertRefused(created, kind + " " + url);
			}
			assertRefused(this.admin.send("PUT", "/api/v1/notification-channels/" + existing,
					"{\"target\":" + quote(url) + "}"), "changed channel " + url);
			String type = ApprovalFixture.actionType("rotate");
			assertRefused(this.admin.post("/api/v1/policies", "application/json", policyJson(type, url)),
					"executor " + url);
			assertThat(this.admin.get("/api/v1/policies/" + type).statusCode()).isEqualTo(404);
		}
		assertRefused(this.admin.post("/api/v1/policies/import", "application/yaml", """
				policies:
				  - actionType: %s
				    initiators: [operator]
				    quorum: 1 of approver
				    execution: webhook
				    executor: {url: "http://169.254.169.254/latest/meta-data/", secret: "%s"}
				""".formatted(ApprovalFixture.actionType("rotate"), SECRET)), "imported executor");

		assertThat(count("SELECT count(*) FROM notification_channel")).isEqualTo(channelsBefore);
		assertThat(ApiClient.json(this.admin.get("/api/v1/notification-channels/" + existing)).get("target").asString())
			.isEqualTo("https://hooks.example.test/countersign");
		assertThat(recordedEvents()).isEqualTo(eventsBefore);
	}

	@Test
	void aPrivateAddressIsAcceptedByDefault() {
		this.approvals.person("alice", "approver");
		channel("webhook", "http://10.1.2.3/countersign");
		channel("slack", "https://192.168.10.20/services/T/B/X");
		HttpResponse<String> policy = this.admin.post("/api/v1/policies", "application/json",
				policyJson(ApprovalFixture.actionType("rotate"), "http://10.1.2.3:8443/execute"));
		assertThat(policy.statusCode()).as(policy.body()).isEqualTo(201);
	}

	@Test
	void aChannelWhoseHostNowResolvesToLoopbackIsNeverCalledAndItsDeliveryFailsAtOnce() throws Exception {
		Person ivan = this.approvals.person("ivan", "operator");
		this.approvals.person("alice", "approver");
		String type = ApprovalFixture.actionType("secret.rotate");
		createPolicy(type, "initiator", "");
		String hook = channel("webhook", "https://hooks.example.test/countersign");
		// what DNS rebinding does: the saved name now answers with a loopback address
		// ("localhost" stands in for it, resolved by the real resolver at send time)
		String rebound = "http://localhost:" + this.receiver.getAddress().getPort() + "/hook";
		update("UPDATE notification_channel SET target = ? WHERE id = ?", rebound, hook);

		String id = this.approvals.open(ivan, type, "{\"secret\":\"db-primary\"}").get("id").asString();

		JsonNode delivery = await().atMost(Duration.ofSeconds(30))
			.until(() -> delivery(hook, id),
					(found) -> found != null && "failed".equals(found.get("status").asString()));
		assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
		assertThat(delivery.get("lastError").asString()).startsWith("refused by countersign.outbound:")
			.contains("'localhost' resolves to")
			.contains("a loopback address");
		// a retry would come 200 ms later; there is none
		Thread.sleep(1_000);
		assertThat(delivery(hook, id).get("attempts").asInt()).isEqualTo(1);
		assertThat(this.received).hasValue(0);
	}

	@Test
	void anExecutorWhoseHostNowResolvesToLoopbackIsNeverCalledAndTheExecutionFailsAtOnce() throws Exception {
		Person ivan = this.approvals.person("ivan", "operator");
		Person alice = this.approvals.person("alice", "approver");
		String type = ApprovalFixture.actionType("rotate");
		createPolicy(type, "webhook", "https://executor.example.test/run");
		update("UPDATE approval_policy SET executor_url = ? WHERE action_type = ?",
				"http://localhost:" + this.receiver.getAddress().getPort() + "/execute", type);
		String id = this.approvals.open(ivan, type, "{\"secret\":\"db-primary\"}").get("id").asString();
		HttpResponse<String> approved = this.approvals.decide(alice, id, Verdict.APPROVE, "Rotation window agreed");
		assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> "FAILED".equals(this.approvals.read(id).get("state").asString()));
		JsonNode execution = this.approvals.read(id).get("execution");
		assertThat(execution.get("result").get("error").asString()).isEqualTo("ERR_OUTBOUND_URL_REFUSED");
		assertThat(execution.get("result").get("message").asString()).contains("'localhost' resolves to")
			.contains("a loopback address");
		JsonNode attempts = ApiClient.json(this.admin.get("/api/v1/approvals/" + id + "/executor-attempts"));
		assertThat(attempts.get("state").asString()).isEqualTo("GAVE_UP");
		assertThat(attempts.get("items")).hasSize(1);
		assertThat(attempts.get("items").get(0).get("error").asString()).startsWith("refused by countersign.outbound");
		Thread.sleep(1_000);
		assertThat(ApiClient.json(this.admin.get("/api/v1/approvals/" + id + "/executor-attempts")).get("items"))
			.hasSize(1);
		assertThat(this.received).hasValue(0);
	}

	private static void assertRefused(HttpResponse<String> response, String what) {
		assertThat(response.statusCode()).as(what + " → " + response.body()).isEqualTo(400);
		assertThat(code(response)).as(what + " → " + response.body()).isEqualTo("ERR_OUTBOUND_URL_REFUSED");
		assertThat(ApiClient.json(response).get("detail").asString()).as(what)
			.startsWith("Countersign does not send to this URL: ");
	}

	private String channel(String kind, String url) {
		HttpResponse<String> created = this.admin.post("/api/v1/notification-channels", "application/json",
				channelJson(kind, url));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return ApiClient.json(created).get("id").asString();
	}

	private static String channelJson(String kind, String url) {
		return "{\"name\":\"hook\",\"kind\":" + quote(kind) + ",\"target\":" + quote(url)
				+ ("webhook".equals(kind) ? ",\"secret\":\"0123456789abcdefghij\"" : "") + "}";
	}

	private static String policyJson(String type, String url) {
		return "{\"actionType\":" + quote(type) + ",\"initiators\":[\"operator\"],\"quorum\":\"1 of approver\","
				+ "\"execution\":\"webhook\",\"executor\":{\"url\":" + quote(url) + ",\"secret\":" + quote(SECRET)
				+ "}}";
	}

	private void createPolicy(String type, String execution, String url) {
		String json = "webhook".equals(execution) ? policyJson(type, url)
				: "{\"actionType\":" + quote(type) + ",\"initiators\":[\"operator\"],\"quorum\":\"1 of approver\"}";
		HttpResponse<String> created = this.admin.post("/api/v1/policies", "application/json", json);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
	}

	private JsonNode delivery(String channel, String requestId) {
		HttpResponse<String> response = this.admin.get("/api/v1/notification-deliveries?channel=" + channel);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		for (JsonNode item : ApiClient.json(response).get("items")) {
			if (item.path("requestId").asString().equals(requestId)) {
				return item;
			}
		}
		return null;
	}

	// the events of channels, policies and requests on the ledger, once none waits in the
	// outbox
	private long recordedEvents() throws SQLException {
		await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM audit_outbox") == 0);
		return count("SELECT count(*) FROM ledger_entry WHERE resource_type IN "
				+ "('notification_channel', 'approval_policy', 'approval_request')");
	}

	private static long count(String sql) throws SQLException {
		try (Connection connection = database().connect();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet rows = statement.executeQuery()) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void update(String sql, String... parameters) throws SQLException {
		try (Connection connection = database().connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setString(i + 1, parameters[i]);
			}
			assertThat(statement.executeUpdate()).isEqualTo(1);
		}
	}

}
