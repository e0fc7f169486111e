// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The quorum's meaning, spelled out without matching or normal forms: some assignment of
 * each person to at most one term occurrence makes the expression true, where a term is
 * true when at least N people holding its role are assigned to it. Exponential; for
 * property tests only.
 */
final class BruteForceQuorum {

	private BruteForceQuorum() {
	}

	/** Whether the distinct {@code people} (their roles) can satisfy {@code quorum}. */
	static boolean satisfied(QuorumExpression quorum, List<Set<RoleName>> people) {
		List<Term> terms = quorum.terms();
		return search(quorum, terms, people, new int[people.size()], 0);
	}

	/**
	 * The largest number of term slots of one alternative that different people can fill
	 * (each term filled at most up to its N).
	 */
	static int mostFilled(List<Term> alternative, List<Set<RoleName>> people) {
		return mostFilled(alternative, people, new int[alternative.size()], 0);
	}

	private static int mostFilled(List<Term> terms, List<Set<RoleName>> people, int[] counts, int next) {
		if (next == people.size()) {
			int filled = 0;
			for (int t = 0; t < terms.size(); t++) {
				filled += Math.min(counts[t], terms.get(t).count());
			}
			return filled;
		}
		int best = mostFilled(terms, people, counts, next + 1);
		for (int t = 0; t < terms.size(); t++) {
			if (people.get(next).contains(terms.get(t).role())) {
				counts[t]++;
				best = Math.max(best, mostFilled(terms, people, counts, next + 1));
				counts[t]--;
			}
		}
		return best;
	}

	// assignment[p]: the term occurrence person p counts for, or -1
	private static boolean search(QuorumExpression quorum, List<Term> terms, List<Set<RoleName>> people,
			int[] assignment, int next) {
		if (next == people.size()) {
			int[] counts = new int[terms.size()];
			for (int a : assignment) {
				if (a >= 0) {
					counts[a]++;
				}
			}
			return evaluate(quorum, counts, new int[] { 0 });
		}
		for (int t = -1; t < terms.size(); t++) {
			if (t == -1 || people.get(next).contains(terms.get(t).role())) {
				assignment[next] = t;
				if (search(quorum, terms, people, assignment, next + 1)) {
					return true;
				}
			}
		}
		return false;
	}

	// walks every part (no short cut) so occurrence numbers stay in written order
	private static boolean evaluate(QuorumExpression expression, int[] counts, int[] occurrence) {
		if (expression instanceof Term term) {
			return counts[occurrence[0]++] >= term.count();
		}
		List<Boolean> values = new ArrayList<>();
		List<QuorumExpression> parts = (expression instanceof AllOf all) ? all.parts() : ((AnyOf) expression).parts();
		for (QuorumExpression part : parts) {
			values.add(evaluate(part, counts, occurrence));
		}
		return (expression instanceof AllOf) ? !values.contains(false) : values.contains(true);
	}

}
