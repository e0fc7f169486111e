package io.countersign.server.alert.internal.detectors;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.access.internal.Browser;
import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.alert.internal.detection.Detector;
import io.countersign.server.alert.internal.detection.Finding;
import io.countersign.server.alert.internal.detection.ObservedEvent;
import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detectors on the events the access feature really writes: failed and successful
 * password sign-ins over HTTP, and an admin granted in setup mode, read back from the
 * ledger as the engine reads them.
 */
@Import(TestUsers.class)
@TestPropertySource(properties = "countersign.access.session.secure-cookie=false")
class FrontDoorDetectionTest extends PostgresApplicationTest {

	private static final String PASSWORD = "a long enough password";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	TestUsers users;

	@Autowired
	DetectorSettings settings;

	@Test
	void failedSignInsThenASuccessAreSeenByD1AndD4() {
		String ivan = this.users.user(TestUsers.uniqueName("ivan"), PASSWORD, "viewer").username();
		Browser browser = Browser.open(this.port);
		for (int i = 0; i < 5; i++) {
			assertThat(browser.signIn(ivan, "not the password " + i).statusCode()).isEqualTo(401);
		}
		assertThat(browser.signIn(ivan, PASSWORD).statusCode()).isEqualTo(201);

		List<ObservedEvent> ledger = ledger();
		List<Finding> d1 = observe(new FailedSignInsForAccount(this.settings), ledger);
		List<Finding> d4 = observe(new SignInAfterFailures(this.settings), ledger);
		List<Finding> d2 = observe(new FailedAuthenticationsFromSource(this.settings), ledger);

		assertThat(d1).singleElement().satisfies((finding) -> {
			assertThat(finding.subject()).isEqualTo("account:" + ivan);
			assertThat(finding.evidence()).hasSize(5);
		});
		assertThat(d4).singleElement().satisfies((finding) -> {
			assertThat(finding.subject()).isEqualTo("account:" + ivan);
			assertThat(finding.summary()).isEqualTo(ivan + " signed in after at least 3 failed sign-ins in 15 minutes");
			assertThat(finding.evidence()).hasSize(4);
		});
		assertThat(d2).as("5 failures from loopback are under 20").isEmpty();
		assertThat(ledger).filteredOn((event) -> event.type().equals("authn_login_fail"))
			.allSatisfy((event) -> assertThat(event.sourceIp()).isPresent());
	}

	@Test
	void anAdminGrantedInSetupModeIsAnEscalationWithoutAnApproval() {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		String second = new ApprovalFixture(admin).person("root", "admin").name();

		List<Finding> d7 = observe(new PrivilegeEscalation(this.settings), ledger());

		assertThat(d7).filteredOn((finding) -> finding.subject().equals("account:" + second))
			.singleElement()
			.extracting(Finding::summary)
			.asString()
			.endsWith("granted admin to " + second + " without an approval");
	}

	private static List<Finding> observe(Detector detector, List<ObservedEvent> events) {
		List<Finding> findings = new ArrayList<>();
		events.forEach((event) -> findings.addAll(detector.observe(event, false)));
		return findings;
	}

	/** The whole ledger, oldest first, as the detectors see it. */
	@SuppressWarnings("unchecked")
	private List<ObservedEvent> ledger() {
		HttpResponse<String> response = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN)
			.get("/api/v1/events?order=oldest&limit=1000");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<ObservedEvent> events = new ArrayList<>();
		for (JsonNode item : ApiClient.json(response).get("events")) {
			JsonNode event = item.get("event");
			events.add(new ObservedEvent(item.get("index").asLong(), Instant.parse(event.get("ts").asString()),
					event.get("type").asString(), event.get("actor").get("type").asString(),
					event.get("actor").get("id").asString(), text(event, "action"),
					text(event.path("resource"), "type"), text(event.path("resource"), "id"),
					event.get("outcome").asString(), text(event.path("source"), "ip"),
					event.has("details") ? JSON.convertValue(event.get("details"), Map.class) : Map.of(),
					event.has("links") ? JSON.convertValue(event.get("links"), Map.class) : Map.of()));
		}
		return events;
	}

	private static Optional<String> text(JsonNode node, String field) {
		return node.hasNonNull(field) ? Optional.of(node.get(field).asString()) : Optional.empty();
	}

}
