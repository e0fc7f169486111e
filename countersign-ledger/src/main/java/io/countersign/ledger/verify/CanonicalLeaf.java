package io.countersign.ledger.verify;

import java.util.Arrays;
import java.util.Optional;

import io.countersign.ledger.event.Event;
import io.countersign.ledger.json.JsonException;

/**
 * Checks that a leaf is an event envelope in exactly its canonical (RFC 8785) bytes.
 */
public final class CanonicalLeaf {

	private CanonicalLeaf() {
	}

	/** Why the leaf is not a canonical envelope, or empty when it is one. */
	public static Optional<String> problem(byte[] leaf) {
		// The common case in one pass; anything else (and every failure, with its
		// message) goes through the full parse and rewrite below.
		if (PlainCanonicalEnvelope.matches(leaf)) {
			return Optional.empty();
		}
		Event event;
		try {
			event = Event.fromLeaf(leaf);
		}
		catch (JsonException | IllegalArgumentException ex) {
			return Optional.of("not an event envelope: " + ex.getMessage());
		}
		byte[] canonical;
		try {
			canonical = event.leaf();
		}
		catch (JsonException ex) {
			return Optional.of("cannot be canonicalized: " + ex.getMessage());
		}
		if (!Arrays.equals(canonical, leaf)) {
			return Optional
				.of("leaf bytes differ from their RFC 8785 canonical form at byte " + firstDifference(leaf, canonical));
		}
		return Optional.empty();
	}

	private static int firstDifference(byte[] a, byte[] b) {
		int mismatch = Arrays.mismatch(a, b);
		return (mismatch < 0) ? Math.min(a.length, b.length) : mismatch;
	}

}
