// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.List;

/**
 * One term of an alternative: the people counted for it and how many more it needs.
 */
public record TermProgress(Term term, List<PersonId> counted) {

	public TermProgress {
		counted = List.copyOf(counted);
	}

	/** How many more different people the term needs (0 when met). */
	public int missing() {
		return this.term.count() - this.counted.size();
	}

	public boolean met() {
		return missing() == 0;
	}

}
