package io.countersign.server.compliance.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.compliance.CheckResult;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Check results as stored: a JSON array, in check order, whose SHA-256 is on the ledger.
 */
final class ResultsJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ResultsJson() {
	}

	static Map<String, Object> json(CheckResult result) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("check", result.check());
		json.put("outcome", result.outcome().name());
		json.put("explanation", result.explanation());
		json.put("facts", result.facts());
		json.put("ledgerIndexes", result.ledgerIndexes());
		json.put("checkedAt", result.checkedAt().toString());
		return json;
	}

	static String write(List<CheckResult> results) {
		return JSON.writeValueAsString(results.stream().map(ResultsJson::json).toList());
	}

	static List<CheckResult> read(String text) {
		List<Map<String, Object>> items = JSON.readValue(text, new TypeReference<List<Map<String, Object>>>() {
		});
		List<CheckResult> results = new ArrayList<>();
		for (Map<String, Object> item : items) {
			@SuppressWarnings("unchecked")
			Map<String, Object> facts = (Map<String, Object>) item.get("facts");
			List<Long> indexes = ((List<?>) item.get("ledgerIndexes")).stream()
				.map((index) -> ((Number) index).longValue())
				.toList();
			results.add(new CheckResult((String) item.get("check"), CheckOutcome.valueOf((String) item.get("outcome")),
					(String) item.get("explanation"), facts, indexes, Instant.parse((String) item.get("checkedAt"))));
		}
		return results;
	}

}
