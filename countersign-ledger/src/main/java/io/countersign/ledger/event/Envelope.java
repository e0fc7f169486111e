package io.countersign.ledger.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The envelope's member names and their wire forms, shared by writing and reading.
 */
final class Envelope {

	static final Set<String> MEMBERS = Set.of("id", "ts", "type", "actor", "action", "resource", "outcome", "reason",
			"source", "links", "details", "nonce");

	// RFC 3339 §5.6 in UTC with exactly three fraction digits.
	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final Pattern TIMESTAMP_SHAPE = Pattern
		.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

	private Envelope() {
	}

	static String formatTimestamp(Instant ts) {
		return TIMESTAMP.format(ts);
	}

	static Instant parseTimestamp(String text) {
		if (!TIMESTAMP_SHAPE.matcher(text).matches()) {
			throw new IllegalArgumentException("ts must look like 2026-11-23T13:47:28.123Z, not " + text);
		}
		return Instant.parse(text);
	}

	static void requireText(String name, String value) {
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException(name + " must be a non-empty string");
		}
	}

	static Map<String, Object> object(Map<String, Object> parent, String name) {
		Object value = parent.get(name);
		if (!(value instanceof Map<?, ?> map)) {
			throw new IllegalArgumentException(name + " must be an object");
		}
		Map<String, Object> object = new LinkedHashMap<>();
		map.forEach((key, member) -> object.put((String) key, member));
		return object;
	}

	static Optional<Map<String, Object>> optionalObject(Map<String, Object> parent, String name) {
		return parent.containsKey(name) ? Optional.of(object(parent, name)) : Optional.empty();
	}

	static String text(Map<String, Object> parent, String name) {
		if (!(parent.get(name) instanceof String value)) {
			throw new IllegalArgumentException(name + " must be a string");
		}
		return value;
	}

	static Optional<String> optionalText(Map<String, Object> parent, String name) {
		return parent.containsKey(name) ? Optional.of(text(parent, name)) : Optional.empty();
	}

	static void onlyMembers(Map<String, Object> object, String where, Set<String> allowed) {
		for (String name : object.keySet()) {
			if (!allowed.contains(name)) {
				throw new IllegalArgumentException("unknown member \"" + name + "\" in " + where);
			}
		}
	}

}
