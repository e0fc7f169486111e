package io.countersign.server.compliance.internal.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.countersign.server.compliance.Attestation;
import io.countersign.server.compliance.CheckResult;
import io.countersign.server.compliance.ComplianceStatus.EvaluationSummary;
import io.countersign.server.compliance.ControlState;
import io.countersign.server.compliance.ControlStatus;
import io.countersign.server.compliance.FrameworkStatus;
import io.countersign.server.compliance.ScorePoint;

/** The API's JSON of compliance (docs/api.md, "Compliance"). */
final class ComplianceJson {

	private ComplianceJson() {
	}

	static Map<String, Object> summary(FrameworkStatus framework) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", framework.id());
		json.put("name", framework.name());
		json.put("catalogVersion", framework.catalogVersion());
		json.put("implementedShare", framework.implementedShare());
		json.put("weightedScore", framework.weightedScore());
		Map<String, Long> counts = new LinkedHashMap<>();
		for (ControlState state : ControlState.values()) {
			counts.put(state.name(),
					framework.controls().stream().filter((control) -> control.state() == state).count());
		}
		json.put("controlsByState", counts);
		json.put("evaluatedAt", framework.evaluatedAt().toString());
		return json;
	}

	static Map<String, Object> full(FrameworkStatus framework) {
		Map<String, Object> json = summary(framework);
		json.put("controls", framework.controls().stream().map(ComplianceJson::control).toList());
		return json;
	}

	static Map<String, Object> control(ControlStatus control) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", control.id());
		json.put("name", control.name());
		json.put("description", control.description());
		json.put("references", control.references());
		json.put("automated", control.automated());
		json.put("state", control.state().name());
		json.put("weight", control.weight());
		json.put("remedy", control.remedy());
		json.put("docs", control.docs());
		json.put("checks", control.checks().stream().map(ComplianceJson::check).toList());
		control.checks()
			.stream()
			.map(CheckResult::checkedAt)
			.max(java.util.Comparator.naturalOrder())
			.ifPresent((at) -> json.put("lastChecked", at.toString()));
		control.attestation().ifPresent((attestation) -> json.put("attestation", attestation(control, attestation)));
		return json;
	}

	static Map<String, Object> check(CheckResult result) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("check", result.check());
		json.put("outcome", result.outcome().name());
		json.put("explanation", result.explanation());
		json.put("facts", result.facts());
		json.put("ledgerIndexes", result.ledgerIndexes());
		json.put("checkedAt", result.checkedAt().toString());
		return json;
	}

	static Map<String, Object> attestation(ControlStatus control, Attestation attestation) {
		return attestation(control.id(), attestation);
	}

	static Map<String, Object> attestation(String controlId, Attestation attestation) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("state", attestation.state().name());
		json.put("note", attestation.note());
		json.put("owner", attestation.owner());
		json.put("expiresOn", attestation.expiresOn().toString());
		json.put("attestedBy", attestation.attestedBy());
		json.put("attestedAt", attestation.attestedAt().toString());
		json.put("files", attestation.files().stream().map((file) -> {
			Map<String, Object> each = new LinkedHashMap<>();
			each.put("id", file.id());
			each.put("name", file.name());
			each.put("contentType", file.contentType());
			each.put("size", file.size());
			each.put("sha256", file.sha256());
			each.put("href", "/api/v1/compliance/controls/" + controlId + "/evidence/" + file.id());
			return each;
		}).toList());
		attestation.ledgerIndex().ifPresent((index) -> json.put("ledgerIndex", index));
		return json;
	}

	static Map<String, Object> point(ScorePoint point) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("day", point.day().toString());
		json.put("implementedShare", point.implementedShare());
		json.put("weightedScore", point.weightedScore());
		return json;
	}

	static Map<String, Object> evaluation(EvaluationSummary evaluation) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", evaluation.id());
		json.put("evaluatedAt", evaluation.evaluatedAt().toString());
		json.put("evaluatedBy", evaluation.evaluatedBy());
		json.put("catalogVersion", evaluation.catalogVersion());
		json.put("resultsSha256", evaluation.resultsSha256());
		evaluation.ledgerIndex().ifPresent((index) -> json.put("ledgerIndex", index));
		return json;
	}

}
