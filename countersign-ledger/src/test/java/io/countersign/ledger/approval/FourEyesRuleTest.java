// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static io.countersign.ledger.approval.People.approve;
import static io.countersign.ledger.approval.People.person;
import static io.countersign.ledger.approval.People.reject;
import static org.assertj.core.api.Assertions.assertThat;

class FourEyesRuleTest {

	private static final PersonId INITIATOR = person("ivan");

	@Test
	void theInitiatorMayNotDecideTheirOwnRequest() {
		assertThat(FourEyesRule.check(INITIATOR, person("ivan"), Set.of()))
			.contains(new FourEyesViolation(FourEyesViolation.Kind.INITIATOR_DECIDED, person("ivan")));
		assertThat(FourEyesRule.check(INITIATOR, List.of(approve("alice", "approver"), reject("ivan", "approver"))))
			.contains(new FourEyesViolation(FourEyesViolation.Kind.INITIATOR_DECIDED, person("ivan")));
	}

	@Test
	void aPersonDecidesOnce() {
		assertThat(FourEyesRule.check(INITIATOR, person("alice"), Set.of(person("alice"))))
			.contains(new FourEyesViolation(FourEyesViolation.Kind.REPEATED_DECISION, person("alice")));
		assertThat(FourEyesRule.check(INITIATOR,
				List.of(approve("alice", "approver"), approve("bob"), approve("alice", "security"))))
			.contains(new FourEyesViolation(FourEyesViolation.Kind.REPEATED_DECISION, person("alice")));
	}

	@Test
	void distinctPeopleOtherThanTheInitiatorPass() {
		assertThat(FourEyesRule.check(INITIATOR, person("alice"), Set.of(person("bob")))).isEmpty();
		assertThat(FourEyesRule.check(INITIATOR, List.of(approve("alice"), reject("bob"), approve("carol"))))
			.isEqualTo(Optional.empty());
		assertThat(FourEyesRule.check(INITIATOR, List.of())).isEmpty();
	}

	@Test
	void theFirstViolationIsReported() {
		assertThat(FourEyesRule.check(INITIATOR, List.of(approve("alice"), approve("alice"), approve("ivan"))))
			.contains(new FourEyesViolation(FourEyesViolation.Kind.REPEATED_DECISION, person("alice")));
	}

	@Test
	void countableKeepsEachPersonsFirstDecisionAndNoneOfTheInitiators() {
		Decision first = approve("alice", "approver");
		Decision bob = reject("bob");
		assertThat(FourEyesRule.countable(INITIATOR,
				List.of(approve("ivan", "approver"), first, bob, reject("alice", "approver"), approve("ivan"))))
			.containsExactly(first, bob);
	}

}
