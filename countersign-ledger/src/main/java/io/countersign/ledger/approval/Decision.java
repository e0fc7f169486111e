// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.Set;
import java.util.TreeSet;

/**
 * One person's decision on a request, with the roles that person held when deciding (the
 * server maps accounts and tokens to the person).
 */
public record Decision(PersonId person, Set<RoleName> roles, Verdict verdict) {

	public Decision {
		roles = Set.copyOf(new TreeSet<>(roles));
	}

	public static Decision approve(PersonId person, Set<RoleName> roles) {
		return new Decision(person, roles, Verdict.APPROVE);
	}

	public static Decision reject(PersonId person, Set<RoleName> roles) {
		return new Decision(person, roles, Verdict.REJECT);
	}

}
