package io.countersign.server.approval.internal.requests;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.RequestContent;
import io.countersign.ledger.event.Event;
import io.countersign.server.access.People;
import io.countersign.server.approval.OpenedRequest;
import io.countersign.server.approval.OpeningRequest;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.internal.ApprovalAudit;
import io.countersign.server.approval.internal.ApprovalEvents;
import io.countersign.server.approval.internal.Rows;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.approval.internal.rules.ApplyingStandingRules;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Opening a request under the policy in force, amending it (a new revision, on which
 * earlier decisions no longer count) and cancelling it; each step one ledger event in the
 * step's transaction.
 */
@Service
public class RequestingApproval implements OpeningRequest {

	static final String REQUEST = "approvals:request";

	private final PolicyBook policies;

	private final ApprovalRequests requests;

	private final People people;

	private final ApprovalAudit audit;

	private final ApplyingStandingRules standingRules;

	private final TransactionTemplate transaction;

	private final Clock clock;

	RequestingApproval(PolicyBook policies, ApprovalRequests requests, People people, ApprovalAudit audit,
			ApplyingStandingRules standingRules, TransactionTemplate transaction, Clock clock) {
		this.standingRules = standingRules;
		this.policies = policies;
		this.requests = requests;
		this.people = people;
		this.audit = audit;
		this.transaction = transaction;
		this.clock = clock;
	}

	@Override
	public OpenedRequest open(Caller caller, String actionType, Map<String, Object> parameters, Optional<String> diff,
			String justification) {
		return open(caller, actionType, parameters, diff, justification, Optional.empty());
	}

	/**
	 * Opens a request; {@code rollbackOf} links a rollback to the executed request it
	 * undoes (the caller checks that one).
	 */
	public OpenedRequest open(Caller caller, String actionType, Map<String, Object> parameters, Optional<String> diff,
			String justification, Optional<ApprovalRequestId> rollbackOf) {
		return write(caller, actionType, parameters, diff, justification, rollbackOf).opened();
	}

	/**
	 * Opens a request like {@link #open}, answering with everything just written, so the
	 * 201 can be answered without reading the request back (docs/benchmarks.md).
	 */
	public Written openWritten(Caller caller, String actionType, Map<String, Object> parameters, Optional<String> diff,
			String justification) {
		return write(caller, actionType, parameters, diff, justification, Optional.empty());
	}

	/**
	 * A request as it was just opened: its row, its first revision and its policy;
	 * {@code decidedByRules} when a standing rule approved it in the same transaction
	 * (then its decisions exist and must be read back for the answer).
	 */
	public record Written(StoredRequest request, Revision revision, PolicyDocument policy, boolean decidedByRules) {

		public OpenedRequest opened() {
			return new OpenedRequest(this.request.id(), this.request.state(), this.revision.number(),
					this.revision.digest().hex(), this.request.policy(), this.request.expiresAt());
		}

	}

	private Written write(Caller caller, String actionType, Map<String, Object> parameters, Optional<String> diff,
			String justification, Optional<ApprovalRequestId> rollbackOf) {
		if (!caller.holds(REQUEST)) {
			throw new CountersignException(ErrorCode.ERR_PERMISSION_DENIED,
					"Requesting approval needs the permission '" + REQUEST + "'.");
		}
		Instant now = Rows.now(this.clock);
		PolicyDocument policy = policyOf(actionType);
		checkInitiator(caller, policy, now);
		String person = personOf(caller);
		ApprovalRequestId id = ApprovalRequestId.of(Event.newId());
		RequestContent content = RequestInput.fits(new RequestContent(actionType, RequestInput.parameters(parameters),
				RequestInput.diff(diff), RequestInput.justification(justification, policy),
				PersonId.of(caller.username()), policy.policyVersion()));
		Revision revision = Revision.of(id, 1, content, now);
		StoredRequest request = new StoredRequest(id, policy.policyVersion(), caller.username(), person,
				ApprovalState.UNDER_REVIEW, 1, now.plus(policy.expiresIn()), now, now, rollbackOf);
		ApplyingStandingRules.Applied opened = this.transaction.execute((status) -> {
			this.requests.insert(request);
			this.requests.insert(revision);
			Map<String, Object> details = revisionDetails(revision, policy, request);
			details.put("initiatorPerson", person);
			rollbackOf.ifPresent((original) -> details.put("rollbackOf", original.toString()));
			recordStep(ApprovalEvents.QUEUED, caller, request, Optional.of(content.justification()), details);
			if (ApprovalEvents.POLICY_CHANGE.equals(actionType)) {
				recordStep(ApprovalEvents.POLICY_CHANGE_PROPOSED, caller, request, Optional.of(content.justification()),
						stateDetails(request));
			}
			// in the same transaction: a matching standing rule approves it at once
			return this.standingRules.apply(request, revision, policy, now);
		});
		// a standing rule that approved wrote decisions: those answers are read back
		return new Written(opened.request(), revision, policy, opened.approvalsRecorded());
	}

	/**
	 * A new revision with new parameters, diff and justification, by the initiator, while
	 * under review; decisions on earlier revisions stop counting.
	 */
	public Revision amend(Caller caller, ApprovalRequestId id, Map<String, Object> parameters, Optional<String> diff,
			String justification) {
		Instant now = Rows.now(this.clock);
		StoredRequest found = existing(id);
		checkOwn(caller, found, "amend");
		PolicyDocument policy = this.policies.version(found.actionType(), found.policy().version()).orElseThrow();
		RequestContent content = RequestInput
			.fits(new RequestContent(found.actionType(), RequestInput.parameters(parameters), RequestInput.diff(diff),
					RequestInput.justification(justification, policy), PersonId.of(found.initiator()), found.policy()));
		return this.transaction.execute((status) -> {
			StoredRequest request = this.requests.lock(id).orElseThrow();
			requireState(request, ApprovalState.UNDER_REVIEW, "amended");
			requireOpen(request, now);
			Revision revision = Revision.of(id, request.revision() + 1, content, now);
			this.requests.insert(revision);
			this.requests.revise(id, revision.number(), now);
			recordStep(ApprovalEvents.REVISED, caller, request, Optional.of(content.justification()),
					revisionDetails(revision, policy, request));
			return revision;
		});
	}

	/** The initiator withdraws a request under review. */
	public StoredRequest cancel(Caller caller, ApprovalRequestId id, Optional<String> reason) {
		Instant now = Rows.now(this.clock);
		checkOwn(caller, existing(id), "cancel");
		return this.transaction.execute((status) -> {
			StoredRequest request = this.requests.lock(id).orElseThrow();
			requireState(request, ApprovalState.UNDER_REVIEW, "cancelled");
			StoredRequest cancelled = request.withState(ApprovalState.CANCELLED, now);
			this.requests.move(id, request.state(), cancelled.state(), now);
			recordStep(ApprovalEvents.CANCELLED, caller, cancelled, reason, stateDetails(cancelled));
			return cancelled;
		});
	}

	/** The policy in force for the action type, or ERR_UNKNOWN_ACTION_TYPE. */
	public PolicyDocument policyOf(String actionType) {
		if (actionType == null || !PolicyDocument.isActionType(actionType)) {
			throw new CountersignException(ErrorCode.ERR_UNKNOWN_ACTION_TYPE,
					"actionType is a dotted lower-case name such as secret.rotate, and a policy must govern it.");
		}
		return this.policies.current(actionType)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_UNKNOWN_ACTION_TYPE,
					"No approval policy governs the action type '" + actionType + "'."));
	}

	public void checkInitiator(Caller caller, PolicyDocument policy, Instant now) {
		Set<String> roles = this.people.rolesOf(caller.username(), now);
		if (!policy.mayInitiate(roles)) {
			throw new CountersignException(ErrorCode.ERR_NOT_AN_INITIATOR, "Requesting '" + policy.actionType()
					+ "' needs one of the roles " + policy.initiators() + "; you hold " + roles + ".");
		}
	}

	/**
	 * The person the caller's request counts as, fixed now: a service account's owner, so
	 * its owner cannot approve what it asks; a service account without one opens nothing.
	 */
	private String personOf(Caller caller) {
		return this.people.personOf(caller.username())
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_SERVICE_ACCOUNT_WITHOUT_OWNER,
					"The service account '" + caller.username() + "' has no owner; someone with users:manage sets "
							+ "one (PATCH /api/v1/users/" + caller.username()
							+ " with owner) before it opens requests."));
	}

	public StoredRequest existing(ApprovalRequestId id) {
		return this.requests.find(id).orElseThrow(() -> notFound(id));
	}

	public static CountersignException notFound(Object id) {
		return new CountersignException(ErrorCode.ERR_PROPOSAL_NOT_FOUND,
				"No approval request has the id '" + id + "'.");
	}

	/** Only the initiator amends, cancels, executes and reports. */
	public static void checkOwn(Caller caller, StoredRequest request, String what) {
		if (!request.initiatedBy(caller.username())) {
			throw new CountersignException(ErrorCode.ERR_FORBIDDEN,
					"Only the initiator of a request may " + what + " it.");
		}
	}

	public static void requireState(StoredRequest request, ApprovalState expected, String what) {
		if (request.state() != expected) {
			throw new CountersignException(ErrorCode.ERR_INVALID_STATE_TRANSITION,
					"The request is " + request.state() + "; only a request " + expected + " can be " + what + ".");
		}
	}

	/** A request past its expiry takes no more steps, even before the expiry job ran. */
	public static void requireOpen(StoredRequest request, Instant now) {
		if (!now.isBefore(request.expiresAt())) {
			throw new CountersignException(ErrorCode.ERR_INVALID_STATE_TRANSITION,
					"The request expired at " + request.expiresAt() + ".");
		}
	}

	private void recordStep(String type, Caller caller, StoredRequest request, Optional<String> reason,
			Map<String, Object> details) {
		this.audit.recordStep(type, caller.actor(), request, reason, details);
	}

	static Map<String, Object> revisionDetails(Revision revision, PolicyDocument policy, StoredRequest request) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("revision", (long) revision.number());
		details.put("digest", revision.digest().hex());
		details.put("content", revision.content().toJson());
		details.put("policy", policy.toJson());
		details.put("expiresAt", request.expiresAt().toString());
		return details;
	}

	public static Map<String, Object> stateDetails(StoredRequest request) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("revision", (long) request.revision());
		details.put("state", request.state().name());
		return details;
	}

}
