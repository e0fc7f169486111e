package io.countersign.ledger.verify;

import java.util.OptionalLong;

/**
 * The first failure found: at which entry index (when one can be named), what kind, and
 * what differs.
 */
public record Tampered(OptionalLong index, Failure failure, String detail) implements VerifyResult {

	/** A failure at an entry index. */
	public static Tampered at(long index, Failure failure, String detail) {
		return new Tampered(OptionalLong.of(index), failure, detail);
	}

	/** A failure that no single entry index names. */
	public static Tampered nowhere(Failure failure, String detail) {
		return new Tampered(OptionalLong.empty(), failure, detail);
	}

	/** One line for people: failure, index and detail. */
	public String summary() {
		String where = this.index.isPresent() ? " at index " + this.index.getAsLong() : "";
		return this.failure + where + ": " + this.detail;
	}

}
