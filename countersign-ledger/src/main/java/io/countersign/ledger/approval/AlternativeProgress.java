// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One way to satisfy a quorum (a conjunction of terms) and how far the approvals go
 * towards it.
 */
public record AlternativeProgress(List<TermProgress> terms) {

	public AlternativeProgress {
		terms = List.copyOf(terms);
	}

	static AlternativeProgress of(List<Term> terms, Map<PersonId, Set<RoleName>> people) {
		return new AlternativeProgress(Matching.fill(terms, people));
	}

	/** How many more approvals, from the right people, would meet this alternative. */
	public int missing() {
		return this.terms.stream().mapToInt(TermProgress::missing).sum();
	}

	public boolean met() {
		return missing() == 0;
	}

	/** The first term still short of people. */
	public Optional<TermProgress> firstOpenTerm() {
		return this.terms.stream().filter((term) -> !term.met()).findFirst();
	}

}
