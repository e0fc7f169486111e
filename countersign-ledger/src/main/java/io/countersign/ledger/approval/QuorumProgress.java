// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far a set of approvers goes towards a quorum: every alternative of the expression
 * with the people counted for each of its terms.
 */
public record QuorumProgress(List<AlternativeProgress> alternatives) {

	public QuorumProgress {
		alternatives = List.copyOf(alternatives);
		if (alternatives.isEmpty()) {
			throw new IllegalArgumentException("a quorum has at least one alternative");
		}
	}

	/**
	 * Counts {@code approvers} (person and the roles they held) towards each alternative
	 * of {@code quorum}; a person counts for at most one term of an alternative.
	 */
	public static QuorumProgress of(QuorumExpression quorum, Map<PersonId, Set<RoleName>> approvers) {
		return new QuorumProgress(
				quorum.alternatives().stream().map((terms) -> AlternativeProgress.of(terms, approvers)).toList());
	}

	public boolean met() {
		return this.alternatives.stream().anyMatch(AlternativeProgress::met);
	}

	/**
	 * The alternative fewest approvals away from being met (the first written of equals):
	 * the one to show as the request's progress.
	 */
	public AlternativeProgress closest() {
		return this.alternatives.stream().min(Comparator.comparingInt(AlternativeProgress::missing)).orElseThrow();
	}

	/** How many more approvals, from the right people, would meet the quorum. */
	public int missing() {
		return closest().missing();
	}

}
