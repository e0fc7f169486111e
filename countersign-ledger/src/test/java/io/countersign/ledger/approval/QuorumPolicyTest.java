// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static io.countersign.ledger.approval.People.approve;
import static io.countersign.ledger.approval.People.person;
import static io.countersign.ledger.approval.People.reject;
import static io.countersign.ledger.approval.People.roles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class QuorumPolicyTest {

	private static final PersonId INITIATOR = person("ivan");

	@Test
	void nOfRoleIsMetByNDifferentHoldersAndMissedByOneFewer() {
		QuorumPolicy policy = policy("2 of approver");
		assertThat(policy.evaluate(INITIATOR, List.of(approve("alice", "approver"), approve("bob", "approver"))))
			.isInstanceOf(QuorumMet.class);
		QuorumStatus oneShort = policy.evaluate(INITIATOR, List.of(approve("alice", "approver")));
		assertThat(oneShort).isInstanceOf(QuorumOpen.class);
		AlternativeProgress progress = ((QuorumOpen) oneShort).progress().closest();
		assertThat(progress.terms()).singleElement().satisfies((term) -> {
			assertThat(term.term()).isEqualTo(Term.of(2, "approver"));
			assertThat(term.counted()).containsExactly(person("alice"));
			assertThat(term.missing()).isEqualTo(1);
			assertThat(term.met()).isFalse();
		});
		assertThat(progress.missing()).isEqualTo(1);
		assertThat(progress.firstOpenTerm()).map(TermProgress::term).contains(Term.of(2, "approver"));
	}

	@Test
	void approvalsWithoutTheRoleDoNotCount() {
		assertThat(policy("2 of approver").evaluate(INITIATOR,
				List.of(approve("alice", "approver"), approve("bob", "operator", "auditor"))))
			.isInstanceOf(QuorumOpen.class);
	}

	@Test
	void andNeedsEveryTermEachByOtherPeople() {
		QuorumPolicy policy = policy("2 of approver and 1 of security");
		assertThat(policy.evaluate(INITIATOR,
				List.of(approve("alice", "approver"), approve("bob", "approver"), approve("sam", "security"))))
			.isInstanceOf(QuorumMet.class);
		assertThat(policy.evaluate(INITIATOR, List.of(approve("alice", "approver"), approve("bob", "approver"))))
			.isInstanceOf(QuorumOpen.class);
		assertThat(policy.evaluate(INITIATOR, List.of(approve("alice", "approver"), approve("sam", "security"))))
			.isInstanceOf(QuorumOpen.class);
	}

	@Test
	void onePersonHoldingBothRolesFillsOnlyOneTerm() {
		QuorumPolicy policy = policy("2 of approver and 1 of security");
		QuorumStatus status = policy.evaluate(INITIATOR,
				List.of(approve("alice", "approver", "security"), approve("bob", "approver")));
		assertThat(status).isInstanceOf(QuorumOpen.class);
		assertThat(((QuorumOpen) status).progress().missing()).isEqualTo(1);
		assertThat(policy("1 of approver and 1 of security").evaluate(INITIATOR,
				List.of(approve("alice", "approver", "security"))))
			.isInstanceOf(QuorumOpen.class);
	}

	@Test
	void theMatchingMovesAPersonToWhereTheyAreNeeded() {
		// alice, written first, could take the approver slot; only security has her
		QuorumPolicy policy = policy("1 of approver and 1 of security");
		QuorumStatus status = policy.evaluate(INITIATOR,
				List.of(approve("alice", "approver", "security"), approve("bob", "approver")));
		assertThat(status).isInstanceOf(QuorumMet.class);
		List<TermProgress> terms = ((QuorumMet) status).progress().closest().terms();
		assertThat(terms.get(0).counted()).containsExactly(person("bob"));
		assertThat(terms.get(1).counted()).containsExactly(person("alice"));
	}

	@Test
	void aTermKeepsFillingAfterAPersonWasMovedToIt() {
		// alice first counts for "a"; for "b" she moves over, carl takes "a", and bob
		// still fills the second place of "b"
		QuorumStatus status = policy("1 of a and 2 of b").evaluate(INITIATOR,
				List.of(approve("alice", "a", "b"), approve("bob", "b"), approve("carl", "a")));
		assertThat(status).isInstanceOf(QuorumMet.class);
		List<TermProgress> terms = ((QuorumMet) status).progress().closest().terms();
		assertThat(terms.get(0).counted()).containsExactly(person("carl"));
		assertThat(terms.get(1).counted()).containsExactlyInAnyOrder(person("alice"), person("bob"));
	}

	@Test
	void orIsMetByEitherAlternativeAndShowsEach() {
		QuorumPolicy policy = policy("1 of sre-oncall or (2 of admin)");
		assertThat(policy.evaluate(INITIATOR, List.of(approve("olga", "sre-oncall")))).isInstanceOf(QuorumMet.class);
		assertThat(policy.evaluate(INITIATOR, List.of(approve("ann", "admin"), approve("adam", "admin"))))
			.isInstanceOf(QuorumMet.class);
		QuorumStatus status = policy.evaluate(INITIATOR, List.of(approve("ann", "admin")));
		assertThat(status).isInstanceOf(QuorumOpen.class);
		QuorumProgress progress = ((QuorumOpen) status).progress();
		assertThat(progress.alternatives()).hasSize(2);
		assertThat(progress.alternatives().get(0).missing()).isEqualTo(1);
		assertThat(progress.alternatives().get(1).terms().get(0).counted()).containsExactly(person("ann"));
		// equally close: the one written first
		assertThat(progress.closest()).isSameAs(progress.alternatives().get(0));
		assertThat(progress.met()).isFalse();
	}

	@Test
	void closestIsTheAlternativeWithFewestMissing() {
		QuorumProgress progress = progress("3 of a or 2 of b", approve("x", "b"));
		assertThat(progress.closest().terms().get(0).term()).isEqualTo(Term.of(2, "b"));
		assertThat(progress.missing()).isEqualTo(1);
	}

	@Test
	void nestedAndOrIsMetOnlyByAWholeAlternative() {
		QuorumPolicy policy = policy("(1 of a or 1 of b) and 2 of c");
		assertThat(policy.evaluate(INITIATOR, List.of(approve("p", "b"), approve("q", "c"), approve("r", "c"))))
			.isInstanceOf(QuorumMet.class);
		assertThat(policy.evaluate(INITIATOR, List.of(approve("p", "b", "c"), approve("q", "c"))))
			.isInstanceOf(QuorumOpen.class);
	}

	@Test
	void theInitiatorNeverCountsUnderAnyRole() {
		QuorumPolicy policy = policy("2 of approver");
		assertThat(policy.evaluate(INITIATOR, List.of(approve("ivan", "approver"), approve("alice", "approver"))))
			.isInstanceOf(QuorumOpen.class);
		assertThat(policy.evaluate(INITIATOR,
				List.of(approve("ivan", "approver"), approve("alice", "approver"), approve("bob", "approver"))))
			.isInstanceOf(QuorumMet.class);
	}

	@Test
	void aPersonCountsOnceHoweverOftenTheyDecide() {
		// the server maps every account and token to its person; two tokens, one person
		QuorumPolicy policy = policy("2 of approver");
		assertThat(policy.evaluate(INITIATOR, List.of(approve("alice", "approver"), approve("alice", "approver"))))
			.isInstanceOf(QuorumOpen.class);
	}

	@Test
	void onlyAPersonsFirstDecisionStands() {
		QuorumPolicy policy = new QuorumPolicy(QuorumExpression.parse("1 of approver"), roles("security"),
				Optional.empty());
		assertThat(policy.evaluate(INITIATOR, List.of(reject("alice", "approver"), approve("alice", "approver"))))
			.isInstanceOf(QuorumOpen.class);
		assertThat(policy.evaluate(INITIATOR,
				List.of(approve("sam", "approver", "security"), reject("sam", "approver", "security"))))
			.isInstanceOf(QuorumMet.class);
	}

	@Test
	void aRejectionByAVetoRoleRejectsEvenAMetQuorum() {
		QuorumPolicy policy = new QuorumPolicy(QuorumExpression.parse("2 of approver"), roles("security", "legal"),
				Optional.empty());
		List<Decision> approvals = List.of(approve("alice", "approver"), approve("bob", "approver"));
		assertThat(policy.evaluate(INITIATOR, approvals)).isInstanceOf(QuorumMet.class);
		List<Decision> vetoed = List.of(approve("alice", "approver"), approve("bob", "approver"),
				reject("sam", "security", "legal", "approver"));
		assertThat(policy.evaluate(INITIATOR, vetoed)).isEqualTo(new Vetoed(person("sam"), RoleName.of("legal")));
	}

	@Test
	void aRejectionWithoutAVetoRoleOnlyDoesNotCount() {
		QuorumPolicy policy = new QuorumPolicy(QuorumExpression.parse("2 of approver"), roles("security"),
				Optional.empty());
		assertThat(policy.evaluate(INITIATOR,
				List.of(approve("alice", "approver"), reject("carl", "approver"), approve("bob", "approver"))))
			.isInstanceOf(QuorumMet.class);
		assertThat(policy.evaluate(INITIATOR, List.of(approve("alice", "approver"), reject("carl", "approver"))))
			.isInstanceOf(QuorumOpen.class);
	}

	@Test
	void theInitiatorCannotVeto() {
		QuorumPolicy policy = new QuorumPolicy(QuorumExpression.parse("1 of approver"), roles("security"),
				Optional.empty());
		assertThat(policy.evaluate(person("sam"), List.of(reject("sam", "security"), approve("alice", "approver"))))
			.isInstanceOf(QuorumMet.class);
	}

	@Test
	void anElevatedPolicyNeedsOneMoreApprovalFromTheElevationRoleByAnotherPerson() {
		QuorumPolicy policy = new QuorumPolicy(QuorumExpression.parse("1 of approver or 2 of admin"), Set.of(),
				Optional.of(RoleName.of("security")));
		assertThat(policy.effectiveQuorum()).hasToString("(1 of approver or 2 of admin) and 1 of security");
		assertThat(policy.evaluate(INITIATOR, List.of(approve("alice", "approver")))).isInstanceOf(QuorumOpen.class);
		assertThat(policy.evaluate(INITIATOR, List.of(approve("alice", "approver", "security"))))
			.isInstanceOf(QuorumOpen.class);
		assertThat(policy.evaluate(INITIATOR,
				List.of(approve("alice", "approver", "security"), approve("sam", "security"))))
			.isInstanceOf(QuorumMet.class);
		assertThat(QuorumPolicy.of(QuorumExpression.parse("1 of approver")).effectiveQuorum())
			.hasToString("1 of approver");
	}

	@Test
	void anAlternativeOfThirtyTwoTermsIsMatchedAndMoreAreRefused() {
		List<QuorumExpression> terms = new ArrayList<>();
		List<Decision> approvals = new ArrayList<>();
		for (int i = 0; i < 33; i++) {
			terms.add(Term.of(1, "r" + i));
			approvals.add(approve("p" + i, "r" + i));
		}
		QuorumPolicy thirtyTwo = QuorumPolicy.of(new AllOf(terms.subList(0, 32)));
		assertThat(thirtyTwo.evaluate(INITIATOR, approvals)).isInstanceOf(QuorumMet.class);
		assertThat(thirtyTwo.evaluate(INITIATOR, approvals.subList(1, 33))).isInstanceOf(QuorumOpen.class);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> QuorumPolicy.of(new AllOf(terms)).evaluate(INITIATOR, approvals));
	}

	@Test
	void progressHasAtLeastOneAlternative() {
		assertThatIllegalArgumentException().isThrownBy(() -> new QuorumProgress(List.of()));
	}

	private static QuorumPolicy policy(String quorum) {
		return QuorumPolicy.of(QuorumExpression.parse(quorum));
	}

	private static QuorumProgress progress(String quorum, Decision... decisions) {
		return ((QuorumOpen) policy(quorum).evaluate(INITIATOR, List.of(decisions))).progress();
	}

}
