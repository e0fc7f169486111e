package io.countersign.ledger.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serialises Java values as JSON text, optionally in RFC 8785 canonical form.
 */
final class JsonWriter {

	private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);

	private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

	private static final BigInteger MAX_EXACT_INTEGER = BigInteger.ONE.shiftLeft(53);

	private final boolean canonical;

	private final StringBuilder out;

	private int depth;

	JsonWriter(boolean canonical) {
		this(canonical, 16);
	}

	JsonWriter(boolean canonical, int capacity) {
		this.canonical = canonical;
		this.out = new StringBuilder(capacity);
	}

	String write(Object value) {
		value(value);
		return this.out.toString();
	}

	StringBuilder out() {
		return this.out;
	}

	void value(Object value) {
		if (value == null) {
			this.out.append("null");
		}
		else if (value instanceof Boolean bool) {
			this.out.append(bool);
		}
		else if (value instanceof String string) {
			string(string);
		}
		else if (value instanceof Number number) {
			if (this.canonical) {
				requireExactInDouble(number);
			}
			this.out.append(number(number));
		}
		else if (value instanceof Map<?, ?> map) {
			object(map);
		}
		else if (value instanceof List<?> list) {
			array(list);
		}
		else {
			throw new JsonException("cannot write a " + value.getClass().getName() + " as JSON");
		}
	}

	// RFC 8785 §3.2.3: members sorted by the UTF-16 code units of their names.
	private void object(Map<?, ?> map) {
		enter();
		List<String> names = new ArrayList<>(map.size());
		for (Object name : map.keySet()) {
			if (!(name instanceof String string)) {
				throw new JsonException("object member names must be strings, not " + name);
			}
			names.add(string);
		}
		if (this.canonical) {
			names.sort(String::compareTo);
		}
		this.out.append('{');
		for (int i = 0; i < names.size(); i++) {
			if (i > 0) {
				this.out.append(',');
			}
			string(names.get(i));
			this.out.append(':');
			value(map.get(names.get(i)));
		}
		this.out.append('}');
		this.depth--;
	}

	private void array(List<?> list) {
		enter();
		this.out.append('[');
		for (int i = 0; i < list.size(); i++) {
			if (i > 0) {
				this.out.append(',');
			}
			value(list.get(i));
		}
		this.out.append(']');
		this.depth--;
	}

	// RFC 8785 §3.2.2.3 reads every number as an IEEE 754 double; an integer beyond 2^53
	// would silently change value, so canonical output refuses it instead.
	private static void requireExactInDouble(Number number) {
		BigInteger integer = null;
		if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
			integer = BigInteger.valueOf(number.longValue());
		}
		else if (number instanceof BigInteger big) {
			integer = big;
		}
		if (integer != null && integer.abs().compareTo(MAX_EXACT_INTEGER) > 0) {
			throw new JsonException("integer " + integer
					+ " is outside the range a JSON number carries exactly (±2^53); send it as a string");
		}
	}

	// RFC 8785 §3.2.2.3: integers that fit a long print plain; everything else as an ES6
	// double.
	static String number(Number number) {
		if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
			return Long.toString(number.longValue());
		}
		if (number instanceof BigInteger big) {
			if (big.compareTo(LONG_MIN) >= 0 && big.compareTo(LONG_MAX) <= 0) {
				return big.toString();
			}
			return EcmaScriptNumber.format(big.doubleValue());
		}
		if (number instanceof BigDecimal decimal) {
			return EcmaScriptNumber.format(decimal.doubleValue());
		}
		if (number instanceof Float f) {
			return EcmaScriptNumber.format(Double.parseDouble(Float.toString(f)));
		}
		if (number instanceof Double d) {
			return EcmaScriptNumber.format(d);
		}
		throw new JsonException("cannot write a " + number.getClass().getName() + " as a JSON number");
	}

	// RFC 8785 §3.2.2.2: escape only '"', '\\' and controls, using the short forms where
	// they exist.
	void string(String value) {
		int bad = JsonParser.loneSurrogate(value);
		if (bad >= 0) {
			throw new JsonException("lone surrogate at index " + bad + " of a string");
		}
		this.out.append('"');
		// Copy runs that need no escaping in one go: most strings are a single run.
		int run = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= 0x20 && c != '"' && c != '\\') {
				continue;
			}
			this.out.append(value, run, i);
			run = i + 1;
			switch (c) {
				case '"' -> this.out.append("\\\"");
				case '\\' -> this.out.append("\\\\");
				case '\b' -> this.out.append("\\b");
				case '\f' -> this.out.append("\\f");
				case '\n' -> this.out.append("\\n");
				case '\r' -> this.out.append("\\r");
				case '\t' -> this.out.append("\\t");
				default -> this.out.append(String.format("\\u%04x", (int) c));
			}
		}
		this.out.append(value, run, value.length());
		this.out.append('"');
	}

	private void enter() {
		if (++this.depth > JsonParser.MAX_DEPTH) {
			throw new JsonException("nesting deeper than " + JsonParser.MAX_DEPTH);
		}
	}

}
