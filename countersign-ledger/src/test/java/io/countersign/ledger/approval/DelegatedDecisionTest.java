package io.countersign.ledger.approval;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Delegated decisions under the quorum rules: they count as the delegator with the
 * delegator's roles, and neither the delegate nor the delegator is counted twice or is
 * the initiator; the signing message names whom the signature counts for.
 */
class DelegatedDecisionTest {

	private static final PersonId IVAN = PersonId.of("ivan");

	private static final PersonId ALICE = PersonId.of("alice");

	private static final PersonId BOB = PersonId.of("bob");

	private static final Set<RoleName> SECURITY = Set.of(RoleName.of("security"));

	private static Decision bobForAlice() {
		return new Decision(ALICE, SECURITY, Verdict.APPROVE, Optional.of(BOB));
	}

	@Test
	void aDelegatedApprovalCountsAsTheDelegatorsRoles() {
		QuorumPolicy policy = QuorumPolicy.of(QuorumExpression.parse("1 of security"));
		assertThat(policy.evaluate(IVAN, List.of(bobForAlice()))).isInstanceOf(QuorumMet.class);
	}

	@Test
	void theSameHumanIsNeverCountedTwice() {
		QuorumPolicy policy = QuorumPolicy.of(QuorumExpression.parse("2 of security"));
		Decision bob = Decision.approve(BOB, SECURITY);
		Decision alice = Decision.approve(ALICE, SECURITY);
		assertThat(policy.evaluate(IVAN, List.of(bob, bobForAlice()))).isInstanceOf(QuorumOpen.class);
		assertThat(policy.evaluate(IVAN, List.of(bobForAlice(), alice))).isInstanceOf(QuorumOpen.class);
		assertThat(policy.evaluate(IVAN, List.of(bobForAlice(), bob))).isInstanceOf(QuorumOpen.class);
		assertThat(FourEyesRule.check(IVAN, List.of(bob, bobForAlice())))
			.hasValue(new FourEyesViolation(FourEyesViolation.Kind.REPEATED_DECISION, BOB));
		assertThat(policy.evaluate(IVAN, List.of(bob, alice))).isInstanceOf(QuorumMet.class);
	}

	@Test
	void neitherTheDelegateNorTheDelegatorIsTheInitiator() {
		QuorumPolicy policy = QuorumPolicy.of(QuorumExpression.parse("1 of security"));
		assertThat(policy.evaluate(BOB, List.of(bobForAlice()))).isInstanceOf(QuorumOpen.class);
		assertThat(policy.evaluate(ALICE, List.of(bobForAlice()))).isInstanceOf(QuorumOpen.class);
		assertThat(FourEyesRule.check(BOB, List.of(bobForAlice())))
			.hasValue(new FourEyesViolation(FourEyesViolation.Kind.INITIATOR_DECIDED, BOB));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Decision(ALICE, SECURITY, Verdict.APPROVE, Optional.of(ALICE)));
	}

	@Test
	void theSigningMessageOfADelegateNamesWhomItCountsFor() {
		SigningMessage message = new SigningMessage(ApprovalRequestId.of("01936f7a-3c5e-7d1a-9b2c-4e5f60718293"), 2,
				Verdict.APPROVE, "Covering for alice",
				RequestDigest.fromHex("c6bb2e477cd5fe774603aae4940c5d2d397209177ee8cd462ea691c98924a823"),
				Optional.of(ALICE));
		assertThat(message.text()).isEqualTo("""
				countersign/approval-decision/v1
				request: 01936f7a-3c5e-7d1a-9b2c-4e5f60718293
				revision: 2
				decision: approve
				on-behalf-of: alice
				digest: c6bb2e477cd5fe774603aae4940c5d2d397209177ee8cd462ea691c98924a823
				reason: Covering for alice
				""");
		assertThatIllegalArgumentException().isThrownBy(() -> new SigningMessage(message.request(), 2, Verdict.APPROVE,
				"x", message.digest(), Optional.of(PersonId.of("alice\ndigest: 00"))));
	}

}
