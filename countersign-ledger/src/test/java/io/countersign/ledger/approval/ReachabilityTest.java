// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static io.countersign.ledger.approval.People.person;
import static io.countersign.ledger.approval.People.roles;
import static org.assertj.core.api.Assertions.assertThat;

class ReachabilityTest {

	@Test
	void reachableWhenEnoughPeopleRemainWhoeverInitiates() {
		Map<PersonId, Set<RoleName>> eligible = people("alice", "approver", "bob", "approver", "carol", "approver");
		assertThat(check("2 of approver", eligible, "alice", "bob", "carol")).isInstanceOf(Reachable.class);
	}

	@Test
	void unreachableWhenAnInitiatorWouldLeaveTooFew() {
		Map<PersonId, Set<RoleName>> eligible = people("alice", "approver", "bob", "approver");
		Reachability reachability = check("2 of approver", eligible, "ivan", "bob");
		assertThat(reachability).isInstanceOf(Unreachable.class);
		Unreachable unreachable = (Unreachable) reachability;
		assertThat(unreachable.initiator()).contains(person("bob"));
		assertThat(unreachable.term()).isEqualTo(Term.of(2, "approver"));
		assertThat(unreachable.closest().missing()).isEqualTo(1);
		// with an initiator who cannot approve, the two are enough
		assertThat(check("2 of approver", eligible, "ivan")).isInstanceOf(Reachable.class);
	}

	@Test
	void unreachableWithoutAnyInitiatorWhenTooFewExistAtAll() {
		Reachability reachability = check("1 of approver and 1 of security", people("alice", "approver"));
		assertThat(reachability).isEqualTo(new Unreachable(Optional.empty(),
				QuorumProgress
					.of(QuorumExpression.parse("1 of approver and 1 of security"), people("alice", "approver"))
					.closest()));
		assertThat(((Unreachable) reachability).term()).isEqualTo(Term.of(1, "security"));
	}

	@Test
	void onePersonWithTwoRolesDoesNotReachTwoTerms() {
		Map<PersonId, Set<RoleName>> eligible = people("alice", "approver,security", "bob", "approver");
		assertThat(check("2 of approver and 1 of security", eligible)).isInstanceOf(Unreachable.class);
		eligible.put(person("sam"), roles("security"));
		assertThat(check("2 of approver and 1 of security", eligible)).isInstanceOf(Reachable.class);
		// but if sam may initiate, sam's request lacks a security approver who is not
		// sam... alice is one
		assertThat(check("2 of approver and 1 of security", eligible, "sam")).isInstanceOf(Unreachable.class);
	}

	@Test
	void anOrIsReachableThroughEitherAlternative() {
		Map<PersonId, Set<RoleName>> eligible = people("olga", "sre-oncall");
		assertThat(check("1 of sre-oncall or (2 of admin)", eligible)).isInstanceOf(Reachable.class);
		assertThat(check("1 of sre-oncall or (2 of admin)", eligible, "olga")).isInstanceOf(Unreachable.class);
	}

	@Test
	void anElevatedPolicyNeedsItsElevationRoleToo() {
		QuorumPolicy policy = new QuorumPolicy(QuorumExpression.parse("1 of approver"), Set.of(),
				Optional.of(RoleName.of("security")));
		Reachability reachability = policy.reachability(people("alice", "approver,security"), Set.of());
		assertThat(reachability).isInstanceOf(Unreachable.class);
		assertThat(((Unreachable) reachability).term()).isEqualTo(Term.of(1, "security"));
		assertThat(policy.reachability(people("alice", "approver", "sam", "security"), Set.of()))
			.isInstanceOf(Reachable.class);
	}

	private static Reachability check(String quorum, Map<PersonId, Set<RoleName>> eligible, String... initiators) {
		Set<PersonId> possible = new HashSet<>();
		for (String initiator : initiators) {
			possible.add(person(initiator));
		}
		return Reachability.check(QuorumExpression.parse(quorum), eligible, possible);
	}

	// name, comma-separated roles, name, roles, …
	private static Map<PersonId, Set<RoleName>> people(String... pairs) {
		Map<PersonId, Set<RoleName>> people = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			people.put(person(pairs[i]), roles(pairs[i + 1].split(",")));
		}
		return people;
	}

}
