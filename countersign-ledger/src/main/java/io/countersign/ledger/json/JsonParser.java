package io.countersign.ledger.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict recursive-descent parser for RFC 8259 JSON.
 */
final class JsonParser {

	static final int MAX_DEPTH = 64;

	/**
	 * The longest number literal read. Parsing a decimal literal costs time quadratic in
	 * its length (a million digits took most of a minute), and no value a double carries
	 * needs more than a few hundred characters; Jackson's default limit is the same.
	 */
	static final int MAX_NUMBER_LENGTH = 1000;

	private final String text;

	private int position;

	private int depth;

	JsonParser(String text) {
		this.text = text;
	}

	Object parseDocument() {
		skipWhitespace();
		Object value = parseValue();
		skipWhitespace();
		if (this.position != this.text.length()) {
			throw error("trailing characters after the JSON value");
		}
		return value;
	}

	// RFC 8259 §3: value = false / null / true / object / array / number / string
	private Object parseValue() {
		if (this.position >= this.text.length()) {
			throw error("unexpected end of input");
		}
		char c = this.text.charAt(this.position);
		return switch (c) {
			case '{' -> parseObject();
			case '[' -> parseArray();
			case '"' -> parseString();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> {
				if (c == '-' || (c >= '0' && c <= '9')) {
					yield parseNumber();
				}
				throw error("unexpected character '" + c + "'");
			}
		};
	}

	// RFC 8259 §4: objects; duplicate names are rejected (RFC 8785 §3.1 requires unique
	// names)
	private Map<String, Object> parseObject() {
		enter();
		this.position++;
		Map<String, Object> object = new LinkedHashMap<>();
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
			this.depth--;
			return object;
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw error("expected a member name");
			}
			int nameAt = this.position;
			String name = parseString();
			if (object.containsKey(name)) {
				this.position = nameAt;
				throw error("duplicate member name \"" + name + "\"");
			}
			skipWhitespace();
			expect(':');
			skipWhitespace();
			object.put(name, parseValue());
			skipWhitespace();
			char c = next();
			if (c == '}') {
				this.depth--;
				return object;
			}
			if (c != ',') {
				this.position--;
				throw error("expected ',' or '}'");
			}
		}
	}

	// RFC 8259 §5: arrays
	private List<Object> parseArray() {
		enter();
		this.position++;
		List<Object> array = new ArrayList<>();
		skipWhitespace();
		if (peek() == ']') {
			this.position++;
			this.depth--;
			return array;
		}
		while (true) {
			skipWhitespace();
			array.add(parseValue());
			skipWhitespace();
			char c = next();
			if (c == ']') {
				this.depth--;
				return array;
			}
			if (c != ',') {
				this.position--;
				throw error("expected ',' or ']'");
			}
		}
	}

	// RFC 8259 §6: number = [ minus ] int [ frac ] [ exp ]
	private Number parseNumber() {
		int start = this.position;
		boolean integral = true;
		if (peek() == '-') {
			this.position++;
		}
		if (peek() == '0') {
			this.position++;
		}
		else if (isDigit(peek())) {
			digits();
		}
		else {
			throw error("expected a digit");
		}
		if (peek() == '.') {
			integral = false;
			this.position++;
			if (!isDigit(peek())) {
				throw error("expected a digit after '.'");
			}
			digits();
		}
		if (peek() == 'e' || peek() == 'E') {
			integral = false;
			this.position++;
			if (peek() == '+' || peek() == '-') {
				this.position++;
			}
			if (!isDigit(peek())) {
				throw error("expected a digit in the exponent");
			}
			digits();
		}
		if (this.position - start > MAX_NUMBER_LENGTH) {
			this.position = start;
			throw error("number literal longer than " + MAX_NUMBER_LENGTH + " characters");
		}
		String literal = this.text.substring(start, this.position);
		if (integral && literal.length() <= 20) {
			try {
				return Long.parseLong(literal);
			}
			catch (NumberFormatException ex) {
				// too large for a long: falls through to BigDecimal
			}
		}
		try {
			return new BigDecimal(literal);
		}
		catch (NumberFormatException | ArithmeticException ex) {
			this.position = start;
			throw error("number out of range");
		}
	}

	// RFC 8259 §7: strings; lone surrogates are rejected (RFC 8785 §3.2.2.2 needs valid
	// Unicode)
	private String parseString() {
		int start = this.position;
		this.position++;
		StringBuilder out = new StringBuilder();
		while (true) {
			if (this.position >= this.text.length()) {
				this.position = start;
				throw error("unterminated string");
			}
			char c = this.text.charAt(this.position++);
			if (c == '"') {
				break;
			}
			if (c < 0x20) {
				this.position--;
				throw error("control character in string");
			}
			if (c == '\\') {
				out.append(escape());
			}
			else {
				out.append(c);
			}
		}
		String value = out.toString();
		int bad = loneSurrogate(value);
		if (bad >= 0) {
			this.position = start;
			throw error("lone surrogate in string");
		}
		return value;
	}

	private char escape() {
		char c = next();
		return switch (c) {
			case '"' -> '"';
			case '\\' -> '\\';
			case '/' -> '/';
			case 'b' -> '\b';
			case 'f' -> '\f';
			case 'n' -> '\n';
			case 'r' -> '\r';
			case 't' -> '\t';
			case 'u' -> {
				if (this.position + 4 > this.text.length()) {
					throw error("truncated \\u escape");
				}
				int value = 0;
				for (int i = 0; i < 4; i++) {
					int digit = Character.digit(this.text.charAt(this.position), 16);
					if (digit < 0) {
						throw error("invalid hex digit in \\u escape");
					}
					value = value * 16 + digit;
					this.position++;
				}
				yield (char) value;
			}
			default -> {
				this.position--;
				throw error("invalid escape '\\" + c + "'");
			}
		};
	}

	static int loneSurrogate(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
					i++;
					continue;
				}
				return i;
			}
			if (Character.isLowSurrogate(c)) {
				return i;
			}
		}
		return -1;
	}

	private Object literal(String word, Object value) {
		if (!this.text.startsWith(word, this.position)) {
			throw error("invalid literal");
		}
		this.position += word.length();
		return value;
	}

	private void enter() {
		if (++this.depth > MAX_DEPTH) {
			throw error("nesting deeper than " + MAX_DEPTH);
		}
	}

	private void digits() {
		while (isDigit(peek())) {
			this.position++;
		}
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	// RFC 8259 §2: ws = space, horizontal tab, line feed, carriage return
	private void skipWhitespace() {
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.position++;
		}
	}

	private char peek() {
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : '\0';
	}

	private char next() {
		if (this.position >= this.text.length()) {
			throw error("unexpected end of input");
		}
		return this.text.charAt(this.position++);
	}

	private void expect(char c) {
		if (peek() != c) {
			throw error("expected '" + c + "'");
		}
		this.position++;
	}

	private JsonException error(String message) {
		return new JsonException(message + " at offset " + this.position);
	}

}
