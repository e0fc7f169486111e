package io.countersign.ledger.json;

import java.util.List;
import java.util.Map;

/**
 * Minimal strict JSON (RFC 8259): objects become {@code LinkedHashMap<String, Object>},
 * arrays {@code ArrayList}, integral numbers that fit {@code Long}, other numbers
 * {@code BigDecimal}, and JSON null a plain Java {@code null} inside maps and lists.
 */
public final class Json {

	private Json() {
	}

	/**
	 * Parses one JSON value; rejects trailing characters, duplicate member names, lone
	 * surrogates, invalid escapes and nesting deeper than 64, with the offset in the
	 * message.
	 */
	public static Object parse(String text) {
		return new JsonParser(text).parseDocument();
	}

	/** Writes a value as compact JSON, keeping map order. */
	public static String write(Object value) {
		return new JsonWriter(false).write(value);
	}

	/**
	 * Writes a value as JSON for people to read: two spaces of indentation per level, one
	 * member or element a line, map order kept; ends with a line feed.
	 */
	public static String writeIndented(Object value) {
		StringBuilder out = new StringBuilder();
		indented(value, 0, out);
		return out.append('\n').toString();
	}

	private static void indented(Object value, int depth, StringBuilder out) {
		if (value instanceof Map<?, ?> map && !map.isEmpty()) {
			out.append('{');
			String separator = "\n";
			for (Map.Entry<?, ?> member : map.entrySet()) {
				out.append(separator).append("  ".repeat(depth + 1));
				out.append(write(member.getKey())).append(": ");
				indented(member.getValue(), depth + 1, out);
				separator = ",\n";
			}
			out.append('\n').append("  ".repeat(depth)).append('}');
		}
		else if (value instanceof List<?> list && !list.isEmpty()) {
			out.append('[');
			String separator = "\n";
			for (Object element : list) {
				out.append(separator).append("  ".repeat(depth + 1));
				indented(element, depth + 1, out);
				separator = ",\n";
			}
			out.append('\n').append("  ".repeat(depth)).append(']');
		}
		else {
			out.append(write(value));
		}
	}

}
