// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

/**
 * What an approver decided; {@link #wireName()} is how the API and the signing message
 * spell it.
 */
public enum Verdict {

	APPROVE("approve"), REJECT("reject");

	private final String wireName;

	Verdict(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

	/** The verdict spelled {@code approve} or {@code reject}. */
	public static Verdict fromWireName(String name) {
		for (Verdict verdict : values()) {
			if (verdict.wireName.equals(name)) {
				return verdict;
			}
		}
		throw new IllegalArgumentException("a decision is \"approve\" or \"reject\", not \"" + name + "\"");
	}

}
