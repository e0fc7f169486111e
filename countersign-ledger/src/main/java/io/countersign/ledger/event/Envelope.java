package io.countersign.ledger.event;

import java.time.Instant;
import java.time.LocalDateTime;
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
			"source", "links", "details", "nonce", "submitter");

	// RFC 3339 §5.6 in UTC with exactly three fraction digits.
	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final Pattern TIMESTAMP_SHAPE = Pattern
		.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

	private Envelope() {
	}

	static String formatTimestamp(Instant ts) {
		LocalDateTime time = LocalDateTime.ofEpochSecond(ts.getEpochSecond(), ts.getNano(), ZoneOffset.UTC);
		if (time.getYear() < 0 || time.getYear() > 9999) {
			return TIMESTAMP.format(ts);
		}
		// the same text as TIMESTAMP, without the formatter's per-field machinery (this
		// runs for every appended event)
		char[] text = "0000-00-00T00:00:00.000Z".toCharArray();
		digits(text, 0, 4, time.getYear());
		digits(text, 5, 2, time.getMonthValue());
		digits(text, 8, 2, time.getDayOfMonth());
		digits(text, 11, 2, time.getHour());
		digits(text, 14, 2, time.getMinute());
		digits(text, 17, 2, time.getSecond());
		digits(text, 20, 3, time.getNano() / 1_000_000);
		return new String(text);
	}

	private static void digits(char[] text, int at, int count, int value) {
		for (int i = at + count - 1; i >= at; i--) {
			text[i] = (char) ('0' + value % 10);
			value /= 10;
		}
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
