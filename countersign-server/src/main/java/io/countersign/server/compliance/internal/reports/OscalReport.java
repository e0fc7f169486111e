package io.countersign.server.compliance.internal.reports;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.countersign.ledger.json.Json;
import io.countersign.ledger.report.ReportEnvelope;
import io.countersign.ledger.report.ReportFormat;

/**
 * A report as an OSCAL 1.1 assessment-results document: one result for the period, one
 * observation per check result or attestation, one finding per control (satisfied when
 * implemented, else not satisfied), and the signed envelope as a base64 back-matter
 * resource, which the offline verifier checks. UUIDs are derived from the report id and
 * the item, so the same report gives the same document.
 */
final class OscalReport {

	static final String OSCAL_VERSION = "1.1.2";

	private OscalReport() {
	}

	@SuppressWarnings("unchecked")
	static byte[] render(Map<String, Object> envelope) {
		Map<String, Object> body = (Map<String, Object>) envelope.get("report");
		String id = (String) body.get("id");
		Map<String, Object> framework = (Map<String, Object>) body.get("framework");
		Map<String, Object> period = (Map<String, Object>) body.get("period");
		String envelopeUuid = uuid(id, "envelope");

		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("title", body.get("title"));
		metadata.put("last-modified", body.get("generatedAt"));
		metadata.put("version", id);
		metadata.put("oscal-version", OSCAL_VERSION);
		metadata.put("remarks", ReportFormat.DISCLAIMER);

		List<Object> observations = new ArrayList<>();
		List<Object> findings = new ArrayList<>();
		List<Object> controlIds = new ArrayList<>();
		for (Map<String, Object> control : (List<Map<String, Object>>) body.get("controls")) {
			String controlId = (String) control.get("id");
			controlIds.add(Map.of("control-id", controlId));
			Map<String, Object> evidence = (Map<String, Object>) control.get("evidence");
			List<Object> related = new ArrayList<>();
			for (Map<String, Object> check : (List<Map<String, Object>>) evidence.get("checks")) {
				String uuid = uuid(id, "observation/" + controlId + "/" + check.get("check"));
				Map<String, Object> observation = new LinkedHashMap<>();
				observation.put("uuid", uuid);
				observation.put("title", "Check " + check.get("check") + ": " + check.get("outcome"));
				observation.put("description", check.get("explanation"));
				observation.put("methods", List.of("TEST"));
				observation.put("types", List.of("control-objective"));
				observation.put("collected", check.get("checkedAt"));
				observation.put("relevant-evidence", List.of(Map.of("href", "#" + envelopeUuid, "description",
						"The signed report; ledger entries " + check.get("ledgerIndexes"))));
				observations.add(observation);
				related.add(Map.of("observation-uuid", uuid));
			}
			if (evidence.get("attestation") instanceof Map<?, ?> attestation) {
				String uuid = uuid(id, "observation/" + controlId + "/attestation");
				Map<String, Object> observation = new LinkedHashMap<>();
				observation.put("uuid", uuid);
				observation.put("title",
						"Attested " + attestation.get("state") + " by " + attestation.get("attestedBy"));
				observation.put("description", attestation.get("note"));
				observation.put("methods", List.of("EXAMINE"));
				observation.put("collected", attestation.get("attestedAt"));
				observation.put("expires", attestation.get("expiresOn") + "T00:00:00Z");
				observations.add(observation);
				related.add(Map.of("observation-uuid", uuid));
			}
			boolean implemented = "IMPLEMENTED".equals(control.get("state"));
			Map<String, Object> status = new LinkedHashMap<>();
			status.put("state", implemented ? "satisfied" : "not-satisfied");
			status.put("reason", implemented ? "pass" : "fail");
			status.put("remarks", "Countersign state " + control.get("state"));
			Map<String, Object> target = new LinkedHashMap<>();
			target.put("type", "objective-id");
			target.put("target-id", controlId);
			target.put("status", status);
			Map<String, Object> finding = new LinkedHashMap<>();
			finding.put("uuid", uuid(id, "finding/" + controlId));
			finding.put("title", control.get("name"));
			finding.put("description", implemented ? String.valueOf(control.get("description"))
					: "GAP: " + control.get("description") + " Remedy: " + control.get("remedy"));
			finding.put("props", List.of(Map.of("name", "framework-reference", "ns", "https://countersign.io/ns/oscal",
					"value", String.join(", ", (List<String>) control.get("references")))));
			finding.put("target", target);
			if (!related.isEmpty()) {
				finding.put("related-observations", related);
			}
			findings.add(finding);
		}

		Map<String, Object> result = new LinkedHashMap<>();
		result.put("uuid", uuid(id, "result"));
		result.put("title", framework.get("name") + ", " + period.get("from") + " to " + period.get("to"));
		result.put("description", "Self-assessment of " + framework.get("name") + " by Countersign's automated checks "
				+ "and attestations. " + ReportFormat.DISCLAIMER);
		result.put("start", period.get("from"));
		result.put("end", period.get("to"));
		result.put("reviewed-controls", Map.of("control-selections", List.of(Map.of("include-controls", controlIds))));
		if (!observations.isEmpty()) {
			result.put("observations", observations);
		}
		if (!findings.isEmpty()) {
			result.put("findings", findings);
		}

		Map<String, Object> resource = new LinkedHashMap<>();
		resource.put("uuid", envelopeUuid);
		resource.put("title", "Signed Countersign compliance report " + id);
		resource.put("description", "Verify offline: java -jar countersign-ledger.jar <this document>");
		resource.put("base64", Map.of("filename", ReportFormat.ATTACHMENT, "media-type", "application/json", "value",
				Base64.getEncoder().encodeToString(ReportEnvelope.compact(envelope))));

		Map<String, Object> results = new LinkedHashMap<>();
		results.put("uuid", uuid(id, "assessment-results"));
		results.put("metadata", metadata);
		results.put("import-ap",
				Map.of("href", "#" + envelopeUuid, "remarks",
						"No separate assessment plan: the framework's control catalog, version "
								+ framework.get("catalogVersion") + ", is the plan."));
		results.put("results", List.of(result));
		results.put("back-matter", Map.of("resources", List.of(resource)));
		return Json.writeIndented(Map.of("assessment-results", results)).getBytes(StandardCharsets.UTF_8);
	}

	private static String uuid(String reportId, String item) {
		return UUID.nameUUIDFromBytes((reportId + "/" + item).getBytes(StandardCharsets.UTF_8)).toString();
	}

}
