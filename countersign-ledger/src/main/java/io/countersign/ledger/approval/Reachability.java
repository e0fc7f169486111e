// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether a quorum can still be met by distinct eligible people other than whoever
 * initiates: checked when a policy is saved and when people or roles change, so nobody
 * finds out mid-incident that no one can approve.
 */
public sealed interface Reachability permits Reachable, Unreachable {

	/**
	 * Checks {@code quorum} against {@code eligible} (each person who may decide, with
	 * their roles) once for each kind of person in {@code possibleInitiators}, without
	 * that person: the initiator never counts. The first initiator for whom no
	 * alternative can be met makes it unreachable.
	 */
	static Reachability check(QuorumExpression quorum, Map<PersonId, Set<RoleName>> eligible,
			Set<PersonId> possibleInitiators) {
		Set<RoleName> named = quorum.roles();
		// sorted, so the same people give the same answer in any order
		Map<PersonId, Set<RoleName>> people = new TreeMap<>(eligible);
		// people holding the same named roles are interchangeable: one check for each
		// kind
		Map<Set<RoleName>, PersonId> kinds = new LinkedHashMap<>();
		for (PersonId initiator : new TreeSet<>(possibleInitiators)) {
			Set<RoleName> roles = people.get(initiator);
			if (roles != null) {
				Set<RoleName> relevant = new TreeSet<>(roles);
				relevant.retainAll(named);
				kinds.putIfAbsent(relevant, initiator);
			}
		}
		for (PersonId initiator : kinds.values()) {
			Map<PersonId, Set<RoleName>> others = new LinkedHashMap<>(people);
			others.remove(initiator);
			QuorumProgress progress = QuorumProgress.of(quorum, others);
			if (!progress.met()) {
				return new Unreachable(Optional.of(initiator), progress.closest());
			}
		}
		QuorumProgress progress = QuorumProgress.of(quorum, people);
		return progress.met() ? new Reachable() : new Unreachable(Optional.empty(), progress.closest());
	}

}
