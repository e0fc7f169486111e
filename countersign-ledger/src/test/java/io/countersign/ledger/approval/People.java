// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Short names for tests: people and role sets. */
final class People {

	private People() {
	}

	static PersonId person(String id) {
		return PersonId.of(id);
	}

	static Set<RoleName> roles(String... names) {
		return Arrays.stream(names).map(RoleName::of).collect(Collectors.toSet());
	}

	static Decision approve(String person, String... roles) {
		return Decision.approve(person(person), roles(roles));
	}

	static Decision reject(String person, String... roles) {
		return Decision.reject(person(person), roles(roles));
	}

}
