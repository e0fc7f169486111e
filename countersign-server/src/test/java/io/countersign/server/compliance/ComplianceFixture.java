package io.countersign.server.compliance;

import java.net.http.HttpResponse;

import io.countersign.server.testing.ApiClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Compliance as the tests drive it, over HTTP. */
final class ComplianceFixture {

	private final ApiClient admin;

	ComplianceFixture(ApiClient admin) {
		this.admin = admin;
	}

	/** Runs every check now; answers the run's JSON. */
	JsonNode runChecks() {
		HttpResponse<String> run = this.admin.post("/api/v1/compliance/checks", "application/json", "");
		assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
		return ApiClient.json(run);
	}

	JsonNode framework(String id) {
		HttpResponse<String> response = this.admin.get("/api/v1/compliance/frameworks/" + id);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return ApiClient.json(response);
	}

	/** A control as its framework shows it now. */
	JsonNode control(String frameworkId, String controlId) {
		for (JsonNode control : framework(frameworkId).get("controls")) {
			if (control.get("id").asString().equals(controlId)) {
				return control;
			}
		}
		throw new AssertionError("no control " + controlId + " in " + frameworkId);
	}

	/** The state of a control after running the checks now. */
	String stateAfterChecks(String frameworkId, String controlId) {
		runChecks();
		return control(frameworkId, controlId).get("state").asString();
	}

	/** The result of one check in a control, as last evaluated. */
	JsonNode check(String frameworkId, String controlId, String check) {
		for (JsonNode result : control(frameworkId, controlId).get("checks")) {
			if (result.get("check").asString().equals(check)) {
				return result;
			}
		}
		throw new AssertionError("no check " + check + " in " + controlId);
	}

}
