// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Four eyes: the initiator never decides their own request, and each person decides once;
 * so every approval that counts comes from a different person who is not the initiator. A
 * delegated decision involves two people, the one it counts as and the delegate who made
 * it: neither may be the initiator, and neither may be involved in another decision (so
 * one human is never counted twice, as themselves and for someone else).
 */
public final class FourEyesRule {

	private FourEyesRule() {
	}

	/** The first decision in the list that breaks the rule, if any. */
	public static Optional<FourEyesViolation> check(PersonId initiator, List<Decision> decisions) {
		Set<PersonId> decided = new HashSet<>();
		for (Decision decision : decisions) {
			Optional<FourEyesViolation> violation = check(initiator, decision, decided);
			if (violation.isPresent()) {
				return violation;
			}
			decided.addAll(decision.people());
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
	 * Whether {@code decision} may be made now, given everyone involved in the decisions
	 * before it: each person it involves (the one counted, and a delegate) is checked.
	 */
	public static Optional<FourEyesViolation> check(PersonId initiator, Decision decision, Set<PersonId> decided) {
		for (PersonId person : decision.people()) {
			Optional<FourEyesViolation> violation = check(initiator, person, decided);
			if (violation.isPresent()) {
				return violation;
			}
		}
		return Optional.empty();
	}

	/**
	 * The decisions that count, in order: none involving the initiator, and none
	 * involving someone an earlier decision involved.
	 */
	public static List<Decision> countable(PersonId initiator, List<Decision> decisions) {
		Set<PersonId> decided = new HashSet<>();
		List<Decision> countable = new ArrayList<>();
		for (Decision decision : decisions) {
			if (check(initiator, decision, decided).isEmpty()) {
				countable.add(decision);
			}
			decided.addAll(decision.people());
		}
		return List.copyOf(countable);
	}

}
