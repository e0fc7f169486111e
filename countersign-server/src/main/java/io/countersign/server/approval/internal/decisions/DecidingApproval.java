package io.countersign.server.approval.internal.decisions;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.approval.DecisionSignature;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.QuorumMet;
import io.countersign.ledger.approval.QuorumProgress;
import io.countersign.ledger.approval.QuorumStatus;
import io.countersign.ledger.approval.RoleName;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;
import io.countersign.ledger.approval.Vetoed;
import io.countersign.server.access.People;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.internal.ApprovalAudit;
import io.countersign.server.approval.internal.ApprovalEvents;
import io.countersign.server.approval.internal.Rows;
import io.countersign.server.approval.internal.delegations.Delegating;
import io.countersign.server.approval.internal.delegations.StoredDelegation;
import io.countersign.server.approval.internal.keys.ApproverKeys;
import io.countersign.server.approval.internal.keys.SignatureCheck;
import io.countersign.server.approval.internal.keys.StoredKey;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.approval.internal.requests.ApprovalRequests;
import io.countersign.server.approval.internal.requests.RequestingApproval;
import io.countersign.server.approval.internal.requests.Revision;
import io.countersign.server.approval.internal.requests.StoredRequest;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recording a signed decision. The signature is checked first, with no lock held (checks
 * run in parallel); then only this request's row is locked to record the decision and
 * move the state, so two approvers racing for the last approval make exactly one
 * transition. A rejection ends the request when its author holds a veto role, or when the
 * quorum can no longer be met by the eligible people who have not decided
 * (docs/decisions/018).
 */
@Service
public class DecidingApproval {

	static final String USER = "user";

	/** The longest reason, in characters (the column holds 2000). */
	static final int MAX_REASON = 1000;

	private final ApprovalRequests requests;

	private final Decisions decisions;

	private final ApproverKeys keys;

	private final PolicyBook policies;

	private final People people;

	private final ApprovalAudit audit;

	private final Delegating delegating;

	private final TransactionTemplate transaction;

	private final Clock clock;

	DecidingApproval(ApprovalRequests requests, Decisions decisions, ApproverKeys keys, PolicyBook policies,
			People people, ApprovalAudit audit, Delegating delegating, TransactionTemplate transaction, Clock clock) {
		this.delegating = delegating;
		this.requests = requests;
		this.decisions = decisions;
		this.keys = keys;
		this.policies = policies;
		this.people = people;
		this.audit = audit;
		this.transaction = transaction;
		this.clock = clock;
	}

	/** A decision and where it left the request. */
	public record Recorded(StoredDecision decision, StoredRequest request) {

	}

	public Recorded decide(Caller caller, ApprovalRequestId id, String decision, String reason, String keyId,
			String signature) {
		return decide(caller, id, decision, reason, keyId, signature, Optional.empty());
	}

	/**
	 * Records a decision; with {@code onBehalfOf}, the caller decides as that person's
	 * delegate: it counts as that person, with their roles, and the caller signs (with
	 * their own key) a message naming them (docs/approvals.md, "Delegation").
	 */
	public Recorded decide(Caller caller, ApprovalRequestId id, String decision, String reason, String keyId,
			String signature, Optional<String> onBehalfOf) {
		StoredRequest seen = this.requests.find(id).orElseThrow(() -> RequestingApproval.notFound(id));
		Verdict verdict = verdict(decision);
		String signer = caller.username();
		Optional<String> delegator = onBehalfOf.map(String::strip).filter((name) -> !name.isEmpty());
		String person = delegator.orElse(signer);
		if (delegator.isPresent()) {
			refuseDelegatedOnInitiator(seen, signer, person);
		}
		else if (seen.initiatedBy(person) || seen.initiatedByPerson(person)) {
			throw new CountersignException(ErrorCode.ERR_SOLE_APPROVER,
					seen.initiatedBy(person) ? "You initiated this request; someone else must decide on it."
							: "You own '" + seen.initiator()
									+ "', which initiated this request; someone else must decide on it.");
		}
		if (!USER.equals(caller.kind())) {
			throw new CountersignException(ErrorCode.ERR_FORBIDDEN,
					"Decisions are made by people: a service account cannot approve or reject.");
		}
		Instant seenAt = Rows.now(this.clock);
		delegator.ifPresent((name) -> this.delegating.inForce(name, signer, seen.actionType(), seenAt));
		// no lock yet: the expensive check runs in parallel with everyone else's
		Revision revision = this.requests.revision(id, seen.revision());
		SigningMessage message = message(id, revision, verdict, reason, delegator);
		StoredKey key = verified(signer, keyId, signature, message);
		Instant now = Rows.now(this.clock);
		return this.transaction.execute((status) -> {
			StoredRequest request = this.requests.lock(id).orElseThrow();
			RequestingApproval.requireState(request, ApprovalState.UNDER_REVIEW, "decided on");
			RequestingApproval.requireOpen(request, now);
			if (request.revision() != revision.number()) {
				throw invalidSignature("The request was amended: it is at revision " + request.revision()
						+ ", the signature is for revision " + revision.number() + ".");
			}
			if (this.keys.find(key.id()).filter((found) -> found.signsFor(signer)).isEmpty()) {
				throw invalidSignature("The key was revoked.");
			}
			// under the lock again: a revocation that committed meanwhile counts
			Optional<StoredDelegation> delegation = delegator
				.map((name) -> this.delegating.inForce(name, signer, request.actionType(), now));
			List<StoredDecision> earlier = this.decisions.on(id, revision.number());
			refuseRepeated(earlier, person, signer, revision.number());
			PolicyDocument policy = this.policies.version(request.actionType(), request.policy().version())
				.orElseThrow();
			if (delegation.isPresent() && !this.delegating.holds(person, Delegating.DECIDE, now)) {
				throw new CountersignException(ErrorCode.ERR_FORBIDDEN, "'" + person + "' no longer holds "
						+ Delegating.DECIDE + ", so there is no right of theirs to decide with.");
			}
			Set<String> roles = this.people.rolesOf(person, now);
			Set<String> counted = new TreeSet<>(roles);
			counted.retainAll(policy.deciderRoles());
			if (counted.isEmpty()) {
				throw new CountersignException(ErrorCode.ERR_FORBIDDEN,
						"Decisions on '" + policy.actionType() + "' count from holders of " + policy.deciderRoles()
								+ "; " + (delegation.isPresent() ? "'" + person + "' holds " : "you hold ") + roles
								+ ".");
			}
			StoredDecision made = new StoredDecision(id, revision.number(), person, earlier.size() + 1, verdict,
					message.reason(), List.copyOf(new TreeSet<>(roles)), key.id(), signature.strip(), now, "",
					delegator.map((name) -> signer), delegation.map(StoredDelegation::id), Optional.empty());
			List<StoredDecision> all = new ArrayList<>(earlier);
			all.add(made);
			ApprovalState next = next(policy, request, all, now);
			StoredRequest after = (next == request.state()) ? request : request.withState(next, now);
			String eventId = record(caller, after, revision, made, key, policy, all);
			StoredDecision stored = made.withEventId(eventId);
			try {
				this.decisions.insert(stored);
			}
			catch (DuplicateKeyException ex) {
				throw new CountersignException(ErrorCode.ERR_DUPLICATE_DECISION,
						"You have already decided on revision " + revision.number() + " of this request.", ex);
			}
			if (after != request) {
				this.requests.move(id, request.state(), after.state(), now);
			}
			return new Recorded(stored, after);
		});
	}

	// four eyes for delegation: neither the delegate nor the person they decide for
	// initiated the request
	private static void refuseDelegatedOnInitiator(StoredRequest request, String signer, String person) {
		if (signer.equals(person)) {
			throw new CountersignException(ErrorCode.ERR_DELEGATION_TO_SELF,
					"onBehalfOf names you; decide without it to decide as yourself.");
		}
		for (String name : List.of(signer, person)) {
			if (request.initiatedBy(name) || request.initiatedByPerson(name)) {
				throw new CountersignException(ErrorCode.ERR_DELEGATION_TO_INITIATOR,
						"'" + name + "' initiated this request (or owns the account that did): neither a delegate "
								+ "nor the person they decide for may decide on it.");
			}
		}
	}

	/**
	 * One human counts once per revision: neither the person counted nor the signer may
	 * have taken part in an earlier decision, as themselves or as a delegate.
	 */
	static void refuseRepeated(List<StoredDecision> earlier, String person, String signer, int revision) {
		for (StoredDecision made : earlier) {
			for (String name : new TreeSet<>(List.of(person, signer))) {
				if (made.involves(name)) {
					throw new CountersignException(ErrorCode.ERR_DUPLICATE_DECISION, "'" + name
							+ "' already took part in a decision on revision " + revision + " of this request"
							+ made.delegate()
								.map((delegate) -> " (" + delegate + " for " + made.person() + ")")
								.orElse(made.standingRule().map((rule) -> " (standing rule " + rule + ")").orElse(""))
							+ "; one person counts once.");
				}
			}
		}
	}

	/**
	 * Where the request stands after {@code decisions} on its current revision: approved
	 * when the quorum is met, rejected on a veto or when a rejection leaves the quorum
	 * out of reach, else still under review.
	 */
	ApprovalState next(PolicyDocument policy, StoredRequest request, List<StoredDecision> decisions, Instant now) {
		QuorumStatus status = status(policy, request, decisions);
		if (status instanceof QuorumMet) {
			return ApprovalState.APPROVED;
		}
		if (status instanceof Vetoed) {
			return ApprovalState.REJECTED;
		}
		StoredDecision last = decisions.get(decisions.size() - 1);
		if (last.verdict() == Verdict.REJECT && !reachable(policy, request, decisions, now)) {
			return ApprovalState.REJECTED;
		}
		return request.state();
	}

	/** The quorum status of the current revision's decisions. */
	public static QuorumStatus status(PolicyDocument policy, StoredRequest request, List<StoredDecision> decisions) {
		return policy.quorumPolicy()
			.evaluate(PersonId.of(request.initiatorPerson()),
					decisions.stream().map(StoredDecision::decision).toList());
	}

	/**
	 * Whether the quorum can still be met by those who approved (with the roles they
	 * decided with) and the eligible people who have not decided yet, never the
	 * initiator.
	 */
	boolean reachable(PolicyDocument policy, StoredRequest request, List<StoredDecision> decisions, Instant now) {
		Map<PersonId, Set<RoleName>> possible = new LinkedHashMap<>();
		Set<String> decided = new TreeSet<>();
		for (StoredDecision decision : decisions) {
			decided.add(decision.person());
			decision.delegate().ifPresent(decided::add);
			if (decision.verdict() == Verdict.APPROVE) {
				possible.put(PersonId.of(decision.person()), decision.decision().roles());
			}
		}
		this.people.holdersOf(policy.deciderRoles(), now).forEach((person, roles) -> {
			if (!decided.contains(person) && !request.initiatedByPerson(person)) {
				Set<RoleName> names = new TreeSet<>();
				roles.forEach((role) -> names.add(RoleName.of(role)));
				possible.put(PersonId.of(person), names);
			}
		});
		return QuorumProgress.of(policy.quorumPolicy().effectiveQuorum(), possible).met();
	}

	private String record(Caller caller, StoredRequest after, Revision revision, StoredDecision made, StoredKey key,
			PolicyDocument policy, List<StoredDecision> all) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("revision", (long) revision.number());
		details.put("digest", revision.digest().hex());
		details.put("decision", made.verdict().wireName());
		details.put("reason", made.reason());
		// approver: who signed; a delegated decision counts as onBehalfOf, with their
		// roles
		details.put("approver", made.delegate().orElse(made.person()));
		if (made.delegate().isPresent()) {
			details.put("onBehalfOf", made.person());
			details.put("delegation", made.delegation().orElseThrow());
		}
		details.put("roles", made.roles());
		details.put("keyId", key.id());
		details.put("publicKey", Base64.getEncoder().encodeToString(key.key().spki()));
		details.put("fingerprint", key.fingerprint());
		details.put("signature", made.signature());
		details.put("state", after.state().name());
		if (after.state() == ApprovalState.REJECTED) {
			details.put("rejectedBecause",
					(status(policy, after, all) instanceof Vetoed) ? "veto" : "quorum unreachable");
		}
		String type = (made.verdict() == Verdict.APPROVE) ? ApprovalEvents.APPROVED : ApprovalEvents.REJECTED;
		String eventId = this.audit.recordStep(type, caller.actor(), after, Optional.of(made.reason()), details);
		if (ApprovalEvents.POLICY_CHANGE.equals(after.actionType())) {
			String policyType = switch (after.state()) {
				case APPROVED -> ApprovalEvents.POLICY_CHANGE_APPROVED;
				case REJECTED -> ApprovalEvents.POLICY_CHANGE_REJECTED;
				default -> (made.verdict() == Verdict.APPROVE) ? ApprovalEvents.POLICY_CHANGE_REVIEWED : null;
			};
			if (policyType != null) {
				this.audit.recordStep(policyType, caller.actor(), after, Optional.of(made.reason()),
						RequestingApproval.stateDetails(after));
			}
		}
		return eventId;
	}

	private StoredKey verified(String person, String keyId, String signature, SigningMessage message) {
		if (keyId == null || signature == null) {
			throw invalidSignature("A decision carries keyId and signature.");
		}
		DecisionSignature bytes;
		try {
			bytes = DecisionSignature.fromBase64(signature);
		}
		catch (IllegalArgumentException ex) {
			throw invalidSignature("The signature is not the standard base64 of 64 bytes.");
		}
		StoredKey key = this.keys.find(keyId)
			.filter((found) -> found.signsFor(person))
			.orElseThrow(() -> invalidSignature("'" + keyId + "' is not an approver key of yours in force."));
		// Bouncy Castle's RFC 8032 code, a tenth of the JDK's cost, deciding exactly as
		// the
		// JDK (and so the offline verifier) would: SignatureCheck
		if (!SignatureCheck.verifies(key.key(), message, bytes)) {
			throw invalidSignature("The signature does not verify over this request's signing message "
					+ "(request, revision, decision, digest and reason; docs/approvals.md).");
		}
		return key;
	}

	private static SigningMessage message(ApprovalRequestId id, Revision revision, Verdict verdict, String reason,
			Optional<String> onBehalfOf) {
		if (reason != null && reason.length() > MAX_REASON) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "reason: at most " + MAX_REASON + " characters");
		}
		try {
			return new SigningMessage(id, revision.number(), verdict, (reason == null) ? "" : reason, revision.digest(),
					onBehalfOf.map(PersonId::of));
		}
		catch (IllegalArgumentException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "reason: " + ex.getMessage(), ex);
		}
	}

	private static Verdict verdict(String decision) {
		try {
			return Verdict.fromWireName((decision == null) ? "" : decision);
		}
		catch (IllegalArgumentException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "decision: " + ex.getMessage(), ex);
		}
	}

	private static CountersignException invalidSignature(String message) {
		return new CountersignException(ErrorCode.ERR_INVALID_SIGNATURE, message);
	}

}
