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
import io.countersign.ledger.json.JsonException;

/**
 * Judges an approval request's proven events with the approval rules: each revision's
 * digest, each decision's signature and key, four eyes, the quorum of the bound policy,
 * and the state machine; the first failure stops it.
 */
final class ApprovalRules {

	private final ApprovalRecord record;

	private final PersonId initiator;

	private final Map<Integer, BoundPolicy> policies = new HashMap<>();

	private ApprovalRules(ApprovalRecord record) {
		this.record = record;
		this.initiator = PersonId.of(record.first().initiator());
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
		for (int i = 0; i < this.record.revisions().size(); i++) {
			Revision revision = this.record.revisions().get(i);
			String expectedType = (i == 0) ? ApprovalEvents.QUEUED : ApprovalEvents.REVISED;
			if (revision.number() != i + 1 || !revision.at().type().equals(expectedType)) {
				throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED, "the " + expectedType + " of revision "
						+ (i + 1) + " is missing: the next revision event is " + revision.at().describe());
			}
			RequestDigest computed;
			try {
				computed = RequestDigest.ofJson(revision.content());
			}
			catch (JsonException ex) {
				throw new TamperedEvidence(EvidenceFailure.DIGEST_MISMATCH,
						revision.describe() + ": its content cannot be canonicalized: " + ex.getMessage());
			}
			if (!computed.equals(revision.digest())) {
				throw new TamperedEvidence(EvidenceFailure.DIGEST_MISMATCH, revision.describe() + ": digest "
						+ revision.digest() + " is not the SHA-256 of its content, which is " + computed);
			}
			BoundPolicy policy = policy(revision);
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
		}
	}

	private void signatures() throws TamperedEvidence {
		for (SignedDecision decision : this.record.decisions()) {
			Revision revision = revisionBefore(decision);
			if (!decision.digest().equals(revision.digest())) {
				throw new TamperedEvidence(EvidenceFailure.DIGEST_MISMATCH,
						decision.describe() + ": signs digest " + decision.digest() + ", but revision "
								+ revision.number() + " has digest " + revision.digest());
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
			if (!decision.publicKey().verifies(decision.message(), signature)) {
				throw new TamperedEvidence(EvidenceFailure.DECISION_SIGNATURE,
						decision.describe() + ": signature does not verify");
			}
		}
	}

	private Revision revisionBefore(SignedDecision decision) throws TamperedEvidence {
		for (Revision revision : this.record.revisions()) {
			if (revision.number() == decision.revision() && revision.at().index() < decision.at().index()) {
				return revision;
			}
		}
		throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED,
				decision.describe() + ": no revision " + decision.revision() + " was logged before it");
	}

	// one decision per person and revision; never the initiator's (FourEyesRule)
	private void fourEyes() throws TamperedEvidence {
		Map<Integer, Map<PersonId, SignedDecision>> decided = new HashMap<>();
		for (SignedDecision decision : this.record.decisions()) {
			PersonId person = PersonId.of(decision.approver());
			Map<PersonId, SignedDecision> before = decided.computeIfAbsent(decision.revision(),
					(revision) -> new HashMap<>());
			Optional<FourEyesViolation> violation = FourEyesRule.check(this.initiator, person, before.keySet());
			if (violation.isPresent()) {
				throw new TamperedEvidence(EvidenceFailure.FOUR_EYES,
						decision.describe() + ": " + switch (violation.get().kind()) {
							case INITIATOR_DECIDED -> "the initiator decided their own request";
							case REPEATED_DECISION -> person + " already decided revision " + decision.revision()
									+ " in decision " + before.get(person).number();
						});
			}
			before.put(person, decision);
		}
	}

	/** Walks the ACTION_ events in ledger order through the states. */
	private ApprovalState replay() throws TamperedEvidence {
		Map<Long, Object> parsed = new HashMap<>();
		this.record.revisions().forEach((revision) -> parsed.put(revision.at().index(), revision));
		this.record.decisions().forEach((decision) -> parsed.put(decision.at().index(), decision));
		this.record.steps().forEach((step) -> parsed.put(step.at().index(), step));
		Optional<ApprovalState> state = Optional.empty();
		Set<ApprovalState> reached = EnumSet.noneOf(ApprovalState.class);
		Revision current = this.record.first();
		List<Decision> decisions = new ArrayList<>();
		for (LoggedEvent event : this.record.events()) {
			Object step = parsed.get(event.index());
			if (step instanceof Revision revision) {
				if (revision.number() > 1 && state.orElseThrow() != ApprovalState.UNDER_REVIEW) {
					throw new TamperedEvidence(EvidenceFailure.STATE_TRANSITION, revision.describe()
							+ " amends a request that is " + state.get() + "; only a request under review is amended");
				}
				current = revision;
				decisions.clear();
				state = Optional.of(ApprovalState.UNDER_REVIEW);
			}
			else if (step != null && state.isEmpty()) {
				throw new TamperedEvidence(EvidenceFailure.STATE_TRANSITION,
						event.describe() + " comes before the request was queued");
			}
			else if (step instanceof SignedDecision decision) {
				if (state.get() != ApprovalState.UNDER_REVIEW) {
					throw new TamperedEvidence(EvidenceFailure.STATE_TRANSITION,
							decision.describe() + ": decides a request that is already " + state.get());
				}
				ApprovalState expected = ApprovalState.UNDER_REVIEW;
				// decisions on an earlier revision stop counting
				if (decision.revision() == current.number()) {
					decisions.add(decisionOf(decision));
					expected = stateAfter(evaluate(current, decisions));
				}
				boolean aboutQuorum = decision.state() == ApprovalState.APPROVED || expected == ApprovalState.REJECTED;
				if (decision.state() != expected && aboutQuorum) {
					// an ignored veto or an approval without quorum is named as such
					requireQuorum(decision.describe() + ": records the request " + decision.state(), current,
							decisions);
				}
				if (decision.state() != expected) {
					throw new TamperedEvidence(EvidenceFailure.STATE_TRANSITION, decision.describe()
							+ ": records the request " + decision.state() + ", but the rules give " + expected);
				}
				state = Optional.of(expected);
			}
			else if (step instanceof Step other) {
				state = Optional.of(move(other, state.get(), current));
			}
			state.ifPresent(reached::add);
		}
		// The final state needs no second quorum check: the replay reaches APPROVED only
		// through a decision that meets the quorum of the current revision, and after it
		// no
		// revision or decision is accepted, so APPROVED, EXECUTING, EXECUTED, FAILED and
		// ROLLED_BACK all rest on that quorum, unvetoed.
		policyChanges(reached);
		return state.orElseThrow();
	}

	private ApprovalState move(Step step, ApprovalState from, Revision current) throws TamperedEvidence {
		LoggedEvent event = step.at();
		ApprovalState target = ApprovalEvents.STEP_TARGETS.get(event.type());
		if (step.state() != target) {
			throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED,
					event.describe() + " records state " + step.state() + ", but it means " + target);
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
		if (step.revision().isPresent() && step.revision().get() != current.number()) {
			throw new TamperedEvidence(EvidenceFailure.STATE_TRANSITION, event.describe() + " names revision "
					+ step.revision().get() + ", but the request is at revision " + current.number());
		}
		return target;
	}

	private void requireQuorum(String claim, Revision revision, List<Decision> decisions) throws TamperedEvidence {
		QuorumStatus status = evaluate(revision, decisions);
		BoundPolicy policy = policy(revision);
		if (status instanceof Vetoed vetoed) {
			throw new TamperedEvidence(EvidenceFailure.VETOED, claim + ", but " + vetoed.person() + " (" + vetoed.role()
					+ ") vetoed revision " + revision.number() + " under " + policy.describe());
		}
		if (status instanceof QuorumOpen open) {
			TermProgress term = open.progress().closest().firstOpenTerm().orElseThrow();
			throw new TamperedEvidence(EvidenceFailure.QUORUM_NOT_MET,
					claim + ", but the decisions on revision " + revision.number() + " do not meet the quorum of "
							+ policy.describe() + ": " + open.progress().missing() + " more approval(s) needed, "
							+ term.missing() + " for \"" + term.term() + "\"");
		}
	}

	private void policyChanges(Set<ApprovalState> reached) throws TamperedEvidence {
		for (Step change : this.record.policyChanges()) {
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

	private QuorumStatus evaluate(Revision revision, List<Decision> decisions) throws TamperedEvidence {
		return policy(revision).rules().evaluate(this.initiator, decisions);
	}

	private BoundPolicy policy(Revision revision) throws TamperedEvidence {
		BoundPolicy policy = this.policies.get(revision.number());
		if (policy == null) {
			policy = BoundPolicy.of(revision);
			this.policies.put(revision.number(), policy);
		}
		return policy;
	}

	private static ApprovalState stateAfter(QuorumStatus status) {
		if (status instanceof QuorumMet) {
			return ApprovalState.APPROVED;
		}
		return (status instanceof Vetoed) ? ApprovalState.REJECTED : ApprovalState.UNDER_REVIEW;
	}

	private static Decision decisionOf(SignedDecision decision) throws TamperedEvidence {
		Set<RoleName> roles = new TreeSet<>();
		for (String role : decision.roles()) {
			try {
				roles.add(RoleName.of(role));
			}
			catch (IllegalArgumentException ex) {
				throw new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED,
						decision.describe() + ": \"" + role + "\" is not a role name");
			}
		}
		return new Decision(PersonId.of(decision.approver()), roles, decision.verdict());
	}

}
