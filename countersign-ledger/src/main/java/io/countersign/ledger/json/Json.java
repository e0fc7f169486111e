package io.countersign.ledger.json;

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

}
