package io.countersign.server.approval.internal.console;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.json.Json;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * JSON typed into the console's forms, and JSON shown to people.
 */
final class FormJson {

	private FormJson() {
	}

	/** A form field that must hold a JSON object; blank is the empty object. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> object(String field, String text) {
		if (text.isBlank()) {
			return new LinkedHashMap<>();
		}
		Object parsed;
		try {
			parsed = Json.parse(text.strip());
		}
		catch (RuntimeException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, field + " is not valid JSON: " + ex.getMessage(),
					ex);
		}
		if (!(parsed instanceof Map)) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION,
					field + " is a JSON object, such as {\"secret\": \"db-primary\"}");
		}
		return (Map<String, Object>) parsed;
	}

	/**
	 * The diff field: blank means the request has none (the API tells an empty diff from
	 * none, a form cannot).
	 */
	static Optional<String> diff(String text) {
		// browsers send line breaks in a textarea as CRLF
		String diff = text.replace("\r\n", "\n");
		return diff.isBlank() ? Optional.empty() : Optional.of(diff);
	}

	/** A JSON value with two spaces of indentation, for reading. */
	static String pretty(Object value) {
		return Json.writeIndented(value);
	}

}
