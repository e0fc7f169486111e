// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Four eyes: the initiator never decides their own request, and each person decides once;
 * so every approval that counts comes from a different person who is not the initiator.
 */
public final class FourEyesRule {

	private FourEyesRule() {
	}

	/** The first decision in the list that breaks the rule, if any. */
	public static Optional<FourEyesViolation> check(PersonId initiator, List<Decision> decisions) {
		Set<PersonId> decided = new HashSet<>();
		for (Decision decision : decisions) {
			Optional<FourEyesViolation> violation = check(initiator, decision.person(), decided);
			if (violation.isPresent()) {
				return violation;
			}
			decided.add(decision.person());
		}
		return Optional.empty();
	}

	/**
	 * Whether {@code person} may decide now, given who has decided before (the server
	 * asks this before it records a decision).
	 */
	public static Optional<FourEyesViolation> check(PersonId initiator, PersonId person, Set<PersonId> decided) {
		if (person.equals(initiator)) {
			return Optional.of(new FourEyesViolation(FourEyesViolation.Kind.INITIATOR_DECIDED, person));
		}
		if (decided.contains(person)) {
			return Optional.of(new FourEyesViolation(FourEyesViolation.Kind.REPEATED_DECISION, person));
		}
		return Optional.empty();
	}

	/**
	 * The decisions that count, in order: none of the initiator's, and only the first of
	 * each person's.
	 */
	public static List<Decision> countable(PersonId initiator, List<Decision> decisions) {
		Set<PersonId> decided = new HashSet<>();
		List<Decision> countable = new ArrayList<>();
		for (Decision decision : decisions) {
			if (check(initiator, decision.person(), decided).isEmpty()) {
				countable.add(decision);
			}
			decided.add(decision.person());
		}
		return List.copyOf(countable);
	}

}
