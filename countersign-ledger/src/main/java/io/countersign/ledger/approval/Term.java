// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.List;

/**
 * {@code N of ROLE}: N different people who each hold ROLE.
 */
public record Term(int count, RoleName role) implements QuorumExpression {

	/** The most people one term may ask for. */
	public static final int MAX_COUNT = 100;

	public Term {
		if (count < 1 || count > MAX_COUNT) {
			throw new IllegalArgumentException("a term asks for 1 to " + MAX_COUNT + " people, not " + count);
		}
	}

	public static Term of(int count, String role) {
		return new Term(count, RoleName.of(role));
	}

	@Override
	public List<List<Term>> alternatives() {
		return List.of(List.of(this));
	}

	@Override
	public List<Term> terms() {
		return List.of(this);
	}

	@Override
	public String toString() {
		return this.count + " of " + this.role;
	}

}
