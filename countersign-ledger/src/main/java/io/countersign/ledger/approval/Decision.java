// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One person's decision on a request, with the roles that person held when deciding (the
 * server maps accounts and tokens to the person). A delegated decision names the
 * {@code delegate} who made it for {@code person}: it counts as {@code person}, with
 * {@code person}'s roles, and both people are kept from counting again
 * (docs/approvals.md, "Delegation").
 */
public record Decision(PersonId person, Set<RoleName> roles, Verdict verdict, Optional<PersonId> delegate) {

	public Decision {
		roles = Set.copyOf(new TreeSet<>(roles));
		if (delegate.isPresent() && delegate.get().equals(person)) {
			throw new IllegalArgumentException("a person does not decide for themselves by delegation");
		}
	}

	/** A decision made by the person counted. */
	public Decision(PersonId person, Set<RoleName> roles, Verdict verdict) {
		this(person, roles, verdict, Optional.empty());
	}

	public static Decision approve(PersonId person, Set<RoleName> roles) {
		return new Decision(person, roles, Verdict.APPROVE);
	}

	public static Decision reject(PersonId person, Set<RoleName> roles) {
		return new Decision(person, roles, Verdict.REJECT);
	}

	/**
	 * Everyone this decision involves: the person counted and, for a delegated decision,
	 * the delegate. Neither may be the initiator, nor involved in another decision on the
	 * same revision.
	 */
	public Set<PersonId> people() {
		Set<PersonId> people = new LinkedHashSet<>();
		people.add(this.person);
		this.delegate.ifPresent(people::add);
		return people;
	}

}
