// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

/**
 * A quorum expression that does not parse: the 1-based character position and what was
 * expected there (the server answers it as a 400).
 */
public final class QuorumSyntaxException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final int position;

	private final String expected;

	private final String found;

	QuorumSyntaxException(int position, String expected, String found) {
		super("quorum expression, character " + position + ": expected " + expected + ", found " + found);
		this.position = position;
		this.expected = expected;
		this.found = found;
	}

	/**
	 * The 1-based position of the first character that does not fit (length + 1 at the
	 * end).
	 */
	public int position() {
		return this.position;
	}

	/** What the grammar allows at that position, in words. */
	public String expected() {
		return this.expected;
	}

	/** What is there instead, quoted, or {@code the end}. */
	public String found() {
		return this.found;
	}

}
