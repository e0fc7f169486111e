package io.countersign.server.alert.internal.detectors;

import java.net.http.HttpResponse;
import java.util.List;

import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.countersign.server.approval.ApprovalFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detectors' settings over HTTP on PostgreSQL: read by those who read alerts, changed
 * by those who manage them, each change on the ledger in the change's transaction, bad
 * values refused with nothing written, and the detectors run with what was changed.
 */
class DetectorSettingsApiTest extends PostgresApplicationTest {

	private static final String PATH = "/api/v1/alerts/detectors";

	@Autowired
	DetectorSettings settings;

	ApprovalFixture approvals;

	ApiClient admin;

	@BeforeEach
	void fixtures() {
		this.admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		this.approvals = new ApprovalFixture(this.admin);
	}

	@Test
	void everyRuleIsListedWithItsDefaults() {
		HttpResponse<String> listed = this.admin.get(PATH);
		assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
		JsonNode items = ApiClient.json(listed).get("items");
		assertThat(items).hasSize(10);
		assertThat(items.get(0).toString()).isEqualTo("{\"rule\":\"D1\",\"title\":\"Failed sign-ins for one account\","
				+ "\"enabled\":true,\"severity\":\"MEDIUM\",\"threshold\":5,\"window\":\"PT15M\"}");
		assertThat(items.get(5).get("rowsThreshold").asLong()).isEqualTo(10_000);
		assertThat(items.get(5).get("rowsWindow").asString()).isEqualTo("PT1H");
		assertThat(items.get(9).get("severity").asString()).isEqualTo("CRITICAL");
		assertThat(items.get(9).has("threshold")).isFalse();
	}

	@Test
	void aChangeIsStoredAuditedAndUsedByTheDetector() {
		HttpResponse<String> changed = this.admin.send("PUT", PATH + "/d8",
				"{\"threshold\":3,\"window\":\"PT2M\",\"severity\":\"high\"}");
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
		JsonNode shown = ApiClient.json(changed);
		assertThat(shown.get("threshold").asLong()).isEqualTo(3);
		assertThat(shown.get("window").asString()).isEqualTo("PT2M");
		assertThat(shown.get("severity").asString()).isEqualTo("HIGH");
		assertThat(shown.get("changedBy").asString()).isNotBlank();
		assertThat(ApiClient.json(this.admin.get(PATH)).get("items").get(7).get("threshold").asLong()).isEqualTo(3);

		List<JsonNode> events = this.approvals.events("D8");
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.get("type").asString()).isEqualTo("alert_detector_changed");
			assertThat(event.get("resource").get("type").asString()).isEqualTo("alert_detector");
			assertThat(event.get("details").get("changed").toString())
				.isEqualTo("[\"severity\",\"threshold\",\"window\"]");
			assertThat(event.get("details").get("before").get("threshold").asLong()).isEqualTo(10);
			assertThat(event.get("details").get("after").get("threshold").asLong()).isEqualTo(3);
		});

		// the rule runs with it: 3 denials within 2 minutes are a finding, marked high
		FailedAuthorizationsByActor d8 = new FailedAuthorizationsByActor(this.settings);
		Events stream = new Events();
		assertThat(d8.observe(stream.denied("mallory"), false)).isEmpty();
		assertThat(d8.observe(stream.denied("mallory"), false)).isEmpty();
		assertThat(d8.observe(stream.denied("mallory"), false)).singleElement()
			.satisfies((finding) -> assertThat(finding.severity().name()).isEqualTo("HIGH"));

		HttpResponse<String> disabled = this.admin.send("PUT", PATH + "/D8", "{\"enabled\":false}");
		assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
		assertThat(ApiClient.json(disabled).get("threshold").asLong()).as("the earlier change stays").isEqualTo(3);
		assertThat(d8.observe(stream.denied("mallory"), false)).isEmpty();
		assertThat(this.approvals.eventTypes("D8")).containsExactly("alert_detector_changed", "alert_detector_changed");
	}

	@Test
	void badValuesAreRefusedAndNothingIsWritten() {
		for (String body : List.of("{\"threshold\":0}", "{\"threshold\":\"five\"}", "{\"threshold\":2.5}",
				"{\"window\":\"15 minutes\"}", "{\"window\":\"P3D\"}", "{\"severity\":\"urgent\"}",
				"{\"enabled\":null}", "{\"thresold\":5}", "{}", "{\"rowsThreshold\":5}")) {
			HttpResponse<String> refused = this.admin.send("PUT", PATH + "/D3", body);
			assertThat(refused.statusCode()).as(body + " → " + refused.body()).isEqualTo(400);
			assertThat(code(refused)).as(body).isEqualTo("ERR_VALIDATION");
			assertThat(ApiClient.json(refused).path("detail").asString()).as(body).isNotBlank();
		}
		HttpResponse<String> unknown = this.admin.send("PUT", PATH + "/D11", "{\"enabled\":false}");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(code(unknown)).isEqualTo("ERR_NOT_FOUND");
		assertThat(this.approvals.events("D3")).isEmpty();
		assertThat(ApiClient.json(this.admin.get(PATH)).get("items").get(2).get("threshold").asLong()).isEqualTo(5);
	}

	@Test
	void anAuditorReadsTheSettingsButCannotChangeThem() {
		Person auditor = this.approvals.person("aud", "auditor");
		assertThat(auditor.api().get(PATH).statusCode()).isEqualTo(200);
		HttpResponse<String> denied = auditor.api().send("PUT", PATH + "/D1", "{\"enabled\":false}");
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(code(denied)).isEqualTo("ERR_PERMISSION_DENIED");
		assertThat(this.approvals.events("D1")).isEmpty();
	}

}
