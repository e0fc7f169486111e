// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fills the terms of one alternative with different people, as many as can be: a maximum
 * bipartite matching of people to term slots, so one person holding two roles never fills
 * two terms.
 *
 * <p>
 * People who could fill the same terms are interchangeable, so they are grouped and each
 * group has a capacity; then it is a maximum flow from terms (capacity N) to groups
 * (capacity: its size), found one augmenting path at a time (Ford-Fulkerson with
 * depth-first search). Thousands of eligible people make only a few groups.
 */
final class Matching {

	private final List<Term> terms;

	private final List<List<PersonId>> groups = new ArrayList<>();

	// bit t set: the group's people hold the role of terms[t]
	private final List<Integer> masks = new ArrayList<>();

	// flow[t][g]: people of group g counted for term t
	private final int[][] flow;

	private final int[] free;

	private Matching(List<Term> terms, Map<PersonId, Set<RoleName>> people) {
		this.terms = terms;
		Map<Integer, List<PersonId>> byMask = new LinkedHashMap<>();
		people.forEach((person, roles) -> {
			int mask = 0;
			for (int t = 0; t < terms.size(); t++) {
				if (roles.contains(terms.get(t).role())) {
					mask |= 1 << t;
				}
			}
			// people who hold none of the roles form one group that no term can use
			byMask.computeIfAbsent(mask, (key) -> new ArrayList<>()).add(person);
		});
		byMask.forEach((mask, group) -> {
			this.masks.add(mask);
			this.groups.add(group);
		});
		this.flow = new int[terms.size()][this.groups.size()];
		this.free = this.groups.stream().mapToInt(List::size).toArray();
	}

	/**
	 * For each term, in order, the people counted for it; no person appears twice, and a
	 * term short of people is short because no rearrangement fills it.
	 */
	static List<TermProgress> fill(List<Term> terms, Map<PersonId, Set<RoleName>> people) {
		if (terms.size() > Integer.SIZE) {
			throw new IllegalArgumentException("an alternative has at most " + Integer.SIZE + " terms");
		}
		return new Matching(terms, people).solve();
	}

	private List<TermProgress> solve() {
		for (int t = 0; t < this.terms.size(); t++) {
			// a term that no augmenting path fills now never will later: one pass
			// suffices
			while (filled(t) < this.terms.get(t).count() && augment(t, new boolean[this.groups.size()])) {
				// each augmenting path counts one more person for term t
			}
		}
		List<TermProgress> progress = new ArrayList<>();
		int[] taken = new int[this.groups.size()];
		for (int t = 0; t < this.terms.size(); t++) {
			List<PersonId> counted = new ArrayList<>();
			for (int g = 0; g < this.groups.size(); g++) {
				List<PersonId> group = this.groups.get(g);
				counted.addAll(group.subList(taken[g], taken[g] + this.flow[t][g]));
				taken[g] += this.flow[t][g];
			}
			progress.add(new TermProgress(this.terms.get(t), counted));
		}
		return List.copyOf(progress);
	}

	private int filled(int t) {
		int filled = 0;
		for (int count : this.flow[t]) {
			filled += count;
		}
		return filled;
	}

	// one more person for term t: straight from a group with someone left, or by moving a
	// person of a full group from another term that can be filled elsewhere
	private boolean augment(int t, boolean[] seen) {
		for (int g = 0; g < this.groups.size(); g++) {
			if ((this.masks.get(g) & (1 << t)) == 0 || seen[g]) {
				continue;
			}
			seen[g] = true;
			if (this.free[g] > 0) {
				this.free[g]--;
				this.flow[t][g]++;
				return true;
			}
			for (int other = 0; other < this.terms.size(); other++) {
				if (this.flow[other][g] > 0 && augment(other, seen)) {
					this.flow[other][g]--;
					this.flow[t][g]++;
					return true;
				}
			}
		}
		return false;
	}

}
