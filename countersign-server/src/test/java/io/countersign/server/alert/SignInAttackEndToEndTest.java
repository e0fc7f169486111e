package io.countersign.server.alert;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.countersign.ledger.verify.OfflineVerifier;
import io.countersign.server.access.internal.Browser;
import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.notification.Receiver;
import io.countersign.server.shared.webhook.WebhookSignature;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path of an alert, with nothing in it stood in for: failed password sign-ins
 * over HTTP are recorded by the front door, read from the ledger by the detection engine,
 * found by rule D1, stored as an alert, routed by its severity to a signed webhook on
 * loopback, proven offline by the ledger jar, and acknowledged on the ledger.
 */
@Import(TestUsers.class)
@TestPropertySource(properties = { "countersign.access.session.secure-cookie=false",
		"countersign.alerts.poll-interval=50ms", "countersign.notifications.interval=100ms" })
class SignInAttackEndToEndTest extends PostgresApplicationTest {

	private static final String PASSWORD = "a long enough password";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SECRET = "a webhook secret of the security team";

	static Receiver receiver;

	@LocalServerPort
	int port;

	@Autowired
	TestUsers users;

	@TempDir
	Path dir;

	@DynamicPropertySource
	static void receiver(DynamicPropertyRegistry registry) throws IOException {
		receiver = Receiver.start().answering("/soc", (n) -> 204);
		registry.add("countersign.notifications.timeout", () -> "2s");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void failedSignInsRaiseAnAlertThatReachesTheTeamAndProvesItselfOffline() throws IOException {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		HttpResponse<String> channel = admin.post("/api/v1/notification-channels", "application/json",
				"{\"name\":\"soc\",\"kind\":\"webhook\",\"target\":\"" + receiver.url("/soc") + "\",\"secret\":\""
						+ SECRET + "\"}");
		assertThat(channel.statusCode()).as(channel.body()).isEqualTo(201);
		String hook = ApiClient.json(channel).get("id").asString();
		HttpResponse<String> routes = admin.send("PUT", "/api/v1/alerts/routes",
				"{\"routes\":{\"MEDIUM\":{\"channels\":[\"" + hook + "\"]}}}");
		assertThat(routes.statusCode()).as(routes.body()).isEqualTo(200);

		String ivan = this.users.user(TestUsers.uniqueName("ivan"), PASSWORD, "viewer").username();
		Browser browser = Browser.open(this.port);
		for (int i = 0; i < 5; i++) {
			assertThat(browser.signIn(ivan, "not the password " + i).statusCode()).isEqualTo(401);
		}

		JsonNode alert = await().atMost(Duration.ofSeconds(60))
			.until(() -> alertOn(admin, "account:" + ivan), (found) -> found != null);
		assertThat(alert.get("rule").asString()).isEqualTo("D1");
		assertThat(alert.get("severity").asString()).isEqualTo("MEDIUM");
		assertThat(alert.get("evidence")).hasSize(5);
		String id = alert.get("id").asString();

		Receiver.Call notice = await().atMost(Duration.ofSeconds(60))
			.until(() -> receiver.calls("/soc")
				.stream()
				.filter((call) -> call.text().contains(id))
				.findFirst()
				.orElse(null), (call) -> call != null);
		assertThat(notice.event()).isEqualTo("alert.raised");
		assertThat(WebhookSignature.verify(SECRET.getBytes(StandardCharsets.UTF_8), notice.signature(), notice.body(),
				Instant.now(), Duration.ofMinutes(5)))
			.isTrue();
		assertThat(JSON.readTree(notice.text()).get("alert").toString()).contains(ivan);

		HttpResponse<byte[]> evidence = admin.getBytes("/api/v1/alerts/" + id + "/evidence");
		assertThat(evidence.statusCode()).isEqualTo(200);
		String key = ApiClient.json(admin.get("/api/v1/alerts/" + id)).get("proof").get("verifierKey").asString();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = OfflineVerifier.run(new String[] { write(evidence.body()).toString(), "--key", key },
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
		assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("INTACT: alert " + id);

		HttpResponse<String> acknowledged = admin.post("/api/v1/alerts/" + id + "/acknowledge", "application/json",
				"{\"reason\":\"ivan was locked out and is being called\"}");
		assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
		JsonNode onLedger = ApiClient.json(admin.get("/api/v1/events?type=alert_acknowledged&limit=1000"));
		assertThat(onLedger.get("events").toString()).contains(id, "ivan was locked out");
	}

	private static JsonNode alertOn(ApiClient admin, String subject) {
		JsonNode page = ApiClient.json(admin.get("/api/v1/alerts?rule=D1"));
		List<JsonNode> matching = page.get("items")
			.valueStream()
			.filter((alert) -> alert.get("subject").asString().equals(subject))
			.toList();
		return matching.isEmpty() ? null : matching.get(0);
	}

	private Path write(byte[] zip) throws IOException {
		return Files.write(this.dir.resolve("alert.zip"), zip);
	}

}
