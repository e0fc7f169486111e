package io.countersign.ledger.json;

import java.nio.charset.StandardCharsets;

/**
 * The JSON Canonicalization Scheme (RFC 8785): the exact bytes that get hashed.
 */
public final class CanonicalJson {

	private CanonicalJson() {
	}

	// RFC 8785 §3.2: sorted members, ES6 numbers, minimal escaping, UTF-8 output.
	public static byte[] canonicalize(Object value) {
		return new JsonWriter(true).write(value).getBytes(StandardCharsets.UTF_8);
	}

}
