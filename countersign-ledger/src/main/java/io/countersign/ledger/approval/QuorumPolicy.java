// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The approval rules of one policy: its quorum, the roles whose one rejection rejects,
 * and, for an elevated policy, the role that must give one more approval.
 */
public record QuorumPolicy(QuorumExpression quorum, Set<RoleName> veto, Optional<RoleName> elevation) {

	public QuorumPolicy {
		veto = Set.copyOf(new TreeSet<>(veto));
	}

	/** A policy with no veto and no elevation. */
	public static QuorumPolicy of(QuorumExpression quorum) {
		return new QuorumPolicy(quorum, Set.of(), Optional.empty());
	}

	/**
	 * The quorum as enforced: for an elevated policy the written one and one more
	 * approval from the elevation role, by a person none of the written terms counts.
	 */
	public QuorumExpression effectiveQuorum() {
		return this.elevation.map((role) -> this.quorum.and(new Term(1, role))).orElse(this.quorum);
	}

	/**
	 * Where a request initiated by {@code initiator} stands after {@code decisions} (in
	 * the order made). Only decisions {@link FourEyesRule#countable} counts are looked
	 * at: the initiator's never, and only each person's first. A rejection by a holder of
	 * a veto role wins over a met quorum; other rejections only do not count.
	 */
	public QuorumStatus evaluate(PersonId initiator, List<Decision> decisions) {
		List<Decision> countable = FourEyesRule.countable(initiator, decisions);
		Map<PersonId, Set<RoleName>> approvers = new LinkedHashMap<>();
		for (Decision decision : countable) {
			if (decision.verdict() == Verdict.REJECT) {
				Optional<RoleName> veto = decision.roles().stream().filter(this.veto::contains).sorted().findFirst();
				if (veto.isPresent()) {
					return new Vetoed(decision.person(), veto.get());
				}
			}
			else {
				approvers.put(decision.person(), decision.roles());
			}
		}
		QuorumProgress progress = QuorumProgress.of(effectiveQuorum(), approvers);
		return progress.met() ? new QuorumMet(progress) : new QuorumOpen(progress);
	}

	/**
	 * Whether the quorum can be met by {@code eligible} people, whichever of
	 * {@code possibleInitiators} asks.
	 */
	public Reachability reachability(Map<PersonId, Set<RoleName>> eligible, Set<PersonId> possibleInitiators) {
		return Reachability.check(effectiveQuorum(), eligible, possibleInitiators);
	}

}
