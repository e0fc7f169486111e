package io.countersign.ledger.evidence;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.approval.Decision;
import io.countersign.ledger.approval.DecisionSignature;
import io.countersign.ledger.approval.FourEyesRule;
import io.countersign.ledger.approval.FourEyesViolation;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.QuorumMet;
import io.countersign.ledger.approval.QuorumOpen;
import io.countersign.ledger.approval.QuorumStatus;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.approval.RoleName;
import io.countersign.ledger.approval.TermProgress;
import io.countersign.ledger.approval.Vetoed;
import io.countersign.ledger.evidence.SignedDecision.RejectedBecause;

/**
 * Judges an approval request's proven events with the approval rules: each revision's
 * digest, each decision's signature and key, four eyes, the quorum of the bound policy,
 * and the state machine; the first failure stops it.
 */
final class ApprovalRules {

	private final ApprovalRecord record;

	private final PersonId initiator;

	/** The bound policy of each revision, by revision number. */
	private final Map<Integer, BoundPolicy> policies = new HashMap<>();

	private ApprovalRules(ApprovalRecord record) {
		this.record = record;
		this.initiator = PersonId.of(record.first().initiatingPerson());
	}

	/** The request's final state, when every rule holds. */
	static ApprovalState check(ApprovalRecord record) throws TamperedEvidence {
		ApprovalRules rules = new ApprovalRules(record);
		rules.revisions();
		rules.signatures();
		rules.fourEyes();
		return rules.replay();
	}

	private void revisions() throws TamperedEvidence {
		Revision first = this.record.first();
		List<Revision> revisions = this.record.revisions();
		for (int i = 0; i < revisions.size(); i++) {
			Revision revision = revisions.get(i);
			String expectedType = (i == 0) ? ApprovalEvents.QUEUED : ApprovalEvents.REVISED;
			if (revision.number() != i + 1 || !revision.at().type().equals(expectedType)) {
				throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED, "the " + expectedType + " of revision "
						+ (i + 1) + " is missing: the next revision event is " + revision.at().describe());
			}
			// a leaf is canonical JSON, so its content always has a canonical form
			RequestDigest computed = RequestDigest.ofJson(revision.content());
			if (!computed.equals(revision.digest())) {
				throw new TamperedEvidence(EvidenceFailure.DIGEST_MISMATCH, revision.describe() + ": digest "
						+ revision.digest() + " is not the SHA-256 of its content, which is " + computed);
			}
			BoundPolicy policy = BoundPolicy.of(revision);
			Map<String, Object> bound = revision.boundPolicy();
			if (!policy.actionType().equals(bound.get("actionType"))
					|| !Objects.equals(policy.version(), bound.get("version"))) {
				throw new TamperedEvidence(EvidenceFailure.POLICY_MISMATCH,
						revision.describe() + ": its policy document is " + policy.actionType() + " version "
								+ policy.version() + ", but its content is bound to " + bound.get("actionType")
								+ " version " + bound.get("version"));
			}
			if (!revision.initiator().equals(first.initiator()) || !revision.actionType().equals(first.actionType())) {
				throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED,
						revision.describe() + " changes the initiator or the action type of the request");
			}
			this.policies.put(revision.number(), policy);
		}
	}

	/** Each decision, against the revisions logged before it. */
	private void signatures() throws TamperedEvidence {
		Map<Integer, Revision> logged = new HashMap<>();
		for (LoggedStep step : this.record.steps()) {
			if (step instanceof Revision revision) {
				logged.put(revision.number(), revision);
			}
			else if (step instanceof SignedDecision decision) {
				Revision revision = logged.get(decision.revision());
				if (revision == null) {
					throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED,
							decision.describe() + ": no revision " + decision.revision() + " was logged before it");
				}
				signature(decision, revision);
			}
			else if (step instanceof RuleApproval approval) {
				Revision revision = logged.get(approval.revision());
				if (revision == null) {
					throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED,
							approval.describe() + ": no revision " + approval.revision() + " was logged before it");
				}
				ruleApplies(approval, revision);
			}
		}
	}

	/**
	 * The rule named by an auto-approval gives it: the same shared rule the server
	 * applies (action type, no elevated policy or gated change, not its creator's own
	 * request, in its window when logged, the parameters matching), counted as its
	 * creator.
	 */
	private void ruleApplies(RuleApproval approval, Revision revision) throws TamperedEvidence {
		if (!approval.digest().equals(revision.digest())) {
			throw new TamperedEvidence(EvidenceFailure.DIGEST_MISMATCH, approval.describe() + ": names digest "
					+ approval.digest() + ", but revision " + revision.number() + " has digest " + revision.digest());
		}
		if (!approval.rule().createdBy().value().equals(approval.approver())) {
			throw new TamperedEvidence(EvidenceFailure.STANDING_RULE, approval.describe() + ": counts as "
					+ approval.approver() + ", but the rule was created by " + approval.rule().createdBy());
		}
		Map<String, Object> parameters = Details.asObject(revision.content().get("parameters")).orElse(Map.of());
		boolean elevated = this.policies.get(revision.number()).rules().elevation().isPresent();
		Optional<String> refusal = approval.rule()
			.refusal(revision.actionType(), parameters, this.initiator, elevated, approval.at().event().ts());
		if (refusal.isPresent()) {
			throw new TamperedEvidence(EvidenceFailure.STANDING_RULE, approval.describe()
					+ ": the rule does not approve revision " + revision.number() + ": " + refusal.get());
		}
	}

	private static void signature(SignedDecision decision, Revision revision) throws TamperedEvidence {
		if (!decision.digest().equals(revision.digest())) {
			throw new TamperedEvidence(EvidenceFailure.DIGEST_MISMATCH, decision.describe() + ": signs digest "
					+ decision.digest() + ", but revision " + revision.number() + " has digest " + revision.digest());
		}
		String fingerprint = decision.publicKey().fingerprint();
		if (!fingerprint.equals(decision.fingerprint())) {
			throw new TamperedEvidence(EvidenceFailure.KEY_FINGERPRINT, decision.describe() + ": fingerprint "
					+ decision.fingerprint() + " is not that of its public key (" + fingerprint + ")");
		}
		DecisionSignature signature;
		try {
			signature = DecisionSignature.fromBase64(decision.signature());
		}
		catch (IllegalArgumentException ex) {
			throw new TamperedEvidence(EvidenceFailure.DECISION_SIGNATURE,
					decision.describe() + ": signature is not 64 bytes in base64");
		}
		// the message binds this request, the revision, verdict, reason and the digest
		if (!decision.publicKey().verifies(decision.message(), signature)) {
			throw new TamperedEvidence(EvidenceFailure.DECISION_SIGNATURE,
					decision.describe() + ": signature does not verify");
		}
	}

	// one decision per person and revision, a delegate and the person they decide for
	// both counting as involved, an auto-approval as its rule's creator; never the
	// initiator's (FourEyesRule)
	private void fourEyes() throws TamperedEvidence {
		Map<Integer, Map<PersonId, String>> decided = new HashMap<>();
		for (LoggedStep step : this.record.steps()) {
			int revision;
			int number;
			String described;
			Decision counted;
			if (step instanceof SignedDecision decision) {
				revision = decision.revision();
				number = decision.number();
				described = decision.describe();
				counted = decisionOf(decision);
			}
			else if (step instanceof RuleApproval approval) {
				revision = approval.revision();
				number = approval.number();
				described = approval.describe();
				counted = decisionOf(approval);
			}
			else {
				continue;
			}
			Map<PersonId, String> before = decided.computeIfAbsent(revision, (key) -> new HashMap<>());
			Optional<FourEyesViolation> violation = FourEyesRule.check(this.initiator, counted, before.keySet());
			if (violation.isPresent()) {
				PersonId person = violation.get().person();
				throw new TamperedEvidence(EvidenceFailure.FOUR_EYES,
						described + ": " + switch (violation.get().kind()) {
							case INITIATOR_DECIDED ->
								(person.equals(counted.person()) ? "the initiator decided their own request"
										: "the initiator " + person + " decided for someone else as their delegate");
							case REPEATED_DECISION ->
								person + " already decided revision " + revision + " in " + before.get(person);
						});
			}
			for (PersonId person : counted.people()) {
				before.put(person, "decision " + number);
			}
		}
	}

	/**
	 * Walks the steps in ledger order through the states.
	 *
	 * <p>
	 * The final state needs no quorum check of its own: the walk reaches APPROVED only
	 * through a decision that meets the quorum of the current revision, and accepts no
	 * revision or decision after it, so APPROVED, EXECUTING, EXECUTED, FAILED and
	 * ROLLED_BACK all rest on that quorum, unvetoed.
	 */
	private ApprovalState replay() throws TamperedEvidence {
		Optional<ApprovalState> state = Optional.empty();
		Set<ApprovalState> reached = EnumSet.noneOf(ApprovalState.class);
		Revision current = this.record.first();
		List<Decision> decisions = new ArrayList<>();
		for (LoggedStep step : this.record.steps()) {
			if (state.isEmpty() && !(step instanceof Revision)) {
				throw new TamperedEvidence(EvidenceFailure.STATE_TRANSITION,
						step.at().describe() + " comes before the request was queued");
			}
			if (step instanceof Revision revision) {
				if (state.isPresent() && state.get() != ApprovalState.UNDER_REVIEW) {
					throw new TamperedEvidence(EvidenceFailure.STATE_TRANSITION, revision.describe()
							+ " amends a request that is " + state.get() + "; only a request under review is amended");
				}
				current = revision;
				decisions.clear();
			}
			else if (step instanceof SignedDecision decision) {
				decide(decision.describe(), decision.revision(), decisionOf(decision), decision.state(),
						decision.rejectedBecause(), state.get(), current, decisions);
			}
			else if (step instanceof RuleApproval approval) {
				decide(approval.describe(), approval.revision(), decisionOf(approval), approval.state(),
						Optional.empty(), state.get(), current, decisions);
			}
			else {
				move((StateChange) step, state.get(), current);
			}
			state = Optional.of(step.recordedState());
			reached.add(state.get());
		}
		policyChanges(reached);
		return state.orElseThrow();
	}

	/** Counts a decision and checks the state it records is the one the rules give. */
	private void decide(String described, int revision, Decision counted, ApprovalState recorded,
			Optional<RejectedBecause> rejectedBecause, ApprovalState state, Revision current, List<Decision> decisions)
			throws TamperedEvidence {
		if (state != ApprovalState.UNDER_REVIEW) {
			throw new TamperedEvidence(EvidenceFailure.STATE_TRANSITION,
					described + ": decides a request that is already " + state);
		}
		ApprovalState expected = ApprovalState.UNDER_REVIEW;
		QuorumStatus status = evaluate(current, decisions);
		// decisions on an earlier revision stop counting
		if (revision == current.number()) {
			decisions.add(counted);
			status = evaluate(current, decisions);
			expected = stateAfter(status);
			// A rejection may end the request without a veto when nobody left could meet
			// the quorum (decision 018). Who was eligible is not in the ledger, so that
			// is the server's word; it can only end a request, never let one through.
			// (Only a rejection carries a reason, and a rejection never meets a quorum
			// that was open before it.)
			if (rejectedBecause.equals(Optional.of(RejectedBecause.QUORUM_UNREACHABLE))) {
				expected = ApprovalState.REJECTED;
			}
		}
		if (recorded == expected) {
			return;
		}
		String claim = described + ": records the request " + recorded;
		// an approval without its quorum, or a veto ignored, is named as such
		if (recorded == ApprovalState.APPROVED || expected == ApprovalState.REJECTED) {
			throw quorumFailure(claim, current, status);
		}
		throw new TamperedEvidence(EvidenceFailure.STATE_TRANSITION, claim + ", but the rules give " + expected);
	}

	private void move(StateChange change, ApprovalState from, Revision current) throws TamperedEvidence {
		LoggedEvent event = change.at();
		ApprovalState target = ApprovalEvents.STEP_TARGETS.get(event.type());
		if (change.state() != target) {
			throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED,
					event.describe() + " records state " + change.state() + ", but it means " + target);
		}
		if (!from.canMoveTo(target)) {
			String missing = EnumSet.allOf(ApprovalState.class)
				.stream()
				.filter((state) -> state.canMoveTo(target))
				.findFirst()
				.flatMap(ApprovalEvents::leadsTo)
				.map((lead) -> " (" + lead + " before it)")
				.orElse("");
			throw new TamperedEvidence(EvidenceFailure.STATE_TRANSITION, event.describe() + " moves the request from "
					+ from + " to " + target + ", which is not a transition" + missing);
		}
		Optional<Integer> named = change.revision();
		if (named.isPresent() && named.get() != current.number()) {
			throw new TamperedEvidence(EvidenceFailure.STATE_TRANSITION, event.describe() + " names revision "
					+ named.get() + ", but the request is at revision " + current.number());
		}
	}

	/** Why the decisions on a revision do not approve it: a veto, or a term short. */
	private TamperedEvidence quorumFailure(String claim, Revision revision, QuorumStatus status) {
		BoundPolicy policy = this.policies.get(revision.number());
		if (status instanceof Vetoed vetoed) {
			return new TamperedEvidence(EvidenceFailure.VETOED, claim + ", but " + vetoed.person() + " ("
					+ vetoed.role() + ") vetoed revision " + revision.number() + " under " + policy.describe());
		}
		QuorumOpen open = (QuorumOpen) status;
		TermProgress term = open.progress().closest().firstOpenTerm().orElseThrow();
		return new TamperedEvidence(EvidenceFailure.QUORUM_NOT_MET,
				claim + ", but the decisions on revision " + revision.number() + " do not meet the quorum of "
						+ policy.describe() + ": " + open.progress().missing() + " more approval(s) needed, "
						+ term.missing() + " for \"" + term.term() + "\"");
	}

	private void policyChanges(Set<ApprovalState> reached) throws TamperedEvidence {
		for (StateChange change : this.record.policyChanges()) {
			if (!this.record.first().actionType().equals(ApprovalEvents.POLICY_CHANGE_ACTION)) {
				throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED, change.at().describe()
						+ " belongs to a request of action type " + this.record.first().actionType());
			}
			if (!reached.contains(change.state())) {
				throw new TamperedEvidence(EvidenceFailure.STATE_TRANSITION, change.at().describe() + " records state "
						+ change.state() + ", which the request's ACTION_ events never reach");
			}
		}
	}

	private QuorumStatus evaluate(Revision revision, List<Decision> decisions) {
		return this.policies.get(revision.number()).rules().evaluate(this.initiator, decisions);
	}

	private static ApprovalState stateAfter(QuorumStatus status) {
		if (status instanceof QuorumMet) {
			return ApprovalState.APPROVED;
		}
		return (status instanceof Vetoed) ? ApprovalState.REJECTED : ApprovalState.UNDER_REVIEW;
	}

	private static Decision decisionOf(SignedDecision decision) throws TamperedEvidence {
		return new Decision(decision.counted(), roles(decision.describe(), decision.roles()), decision.verdict(),
				decision.delegate());
	}

	// a rule's approval counts as its creator, with the roles they held when it applied
	private static Decision decisionOf(RuleApproval approval) throws TamperedEvidence {
		return Decision.approve(PersonId.of(approval.approver()), roles(approval.describe(), approval.roles()));
	}

	private static Set<RoleName> roles(String described, List<String> names) throws TamperedEvidence {
		Set<RoleName> roles = new TreeSet<>();
		for (String role : names) {
			try {
				roles.add(RoleName.of(role));
			}
			catch (IllegalArgumentException ex) {
				throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED,
						described + ": \"" + role + "\" is not a role name");
			}
		}
		return roles;
	}

}
