package io.countersign.ledger.event;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the recorded action ended.
 */
public enum Outcome {

	SUCCESS, FAILURE, DENIED, ERROR;

	/** The lowercase name used in the envelope. */
	public String wire() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	/** Parses the wire form exactly (lowercase). */
	public static Optional<Outcome> parse(String wire) {
		return Arrays.stream(values()).filter((outcome) -> outcome.wire().equals(wire)).findFirst();
	}

}
