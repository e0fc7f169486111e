package io.countersign.server.approval.internal.execution;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.json.JsonException;
import io.countersign.server.approval.ApprovedRequest;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.ServerExecutedAction;
import io.countersign.server.approval.internal.ApprovalAudit;
import io.countersign.server.approval.internal.ApprovalEvents;
import io.countersign.server.approval.internal.Rows;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.approval.internal.requests.ApprovalRequests;
import io.countersign.server.approval.internal.requests.RequestingApproval;
import io.countersign.server.approval.internal.requests.Revision;
import io.countersign.server.approval.internal.requests.StoredRequest;
import io.countersign.server.audit.PendingEvents;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Executing an approved request exactly once: the initiator's claim moves it from
 * APPROVED to EXECUTING under the request's row lock (a second claim, here or on another
 * instance, waits for the lock, then finds EXECUTING and gets 409), and the execution
 * row's primary key refuses a second claim even so. Actions Countersign performs itself
 * ({@link ServerExecutedAction}) run inside the claim's transaction; the others report
 * their outcome with {@link #report}.
 */
@Service
public class ExecutingApprovedAction {

	static final String SUCCEEDED = "succeeded";

	static final String FAILED = "failed";

	/** The largest reported result, as compact JSON. */
	static final int MAX_RESULT = 64 * 1024;

	private final ApprovalRequests requests;

	private final Executions executions;

	private final PolicyBook policies;

	private final ApprovalAudit audit;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final Map<String, ServerExecutedAction> actions;

	private final ExecutorCalls calls;

	private final PendingEvents pending;

	ExecutingApprovedAction(ApprovalRequests requests, Executions executions, PolicyBook policies, ApprovalAudit audit,
			TransactionTemplate transaction, Clock clock, List<ServerExecutedAction> actions, ExecutorCalls calls,
			PendingEvents pending) {
		this.calls = calls;
		this.pending = pending;
		this.requests = requests;
		this.executions = executions;
		this.policies = policies;
		this.audit = audit;
		this.transaction = transaction;
		this.clock = clock;
		this.actions = actions.stream()
			.collect(Collectors.toUnmodifiableMap(ServerExecutedAction::actionType, Function.identity()));
	}

	/** The initiator claims the execution; answers the request after the claim. */
	public StoredRequest claim(Caller caller, ApprovalRequestId id) {
		StoredRequest seen = existing(id);
		RequestingApproval.checkOwn(caller, seen, "execute");
		refuseWebhookMode(seen);
		Instant now = Rows.now(this.clock);
		return this.transaction.execute((status) -> {
			StoredRequest request = this.requests.lock(id).orElseThrow();
			if (request.state() == ApprovalState.UNDER_REVIEW) {
				throw new CountersignException(ErrorCode.ERR_QUORUM_NOT_MET,
						"The request is still under review: its quorum is not met.");
			}
			RequestingApproval.requireState(request, ApprovalState.APPROVED, "executed");
			requireEarlierStepsOnLedger(id);
			StoredRequest executing = request.withState(ApprovalState.EXECUTING, now);
			this.requests.move(id, request.state(), executing.state(), now);
			this.executions.claim(id, request.revision(), caller.username(), now);
			step(ApprovalEvents.EXECUTION_STARTED, caller.actor(), executing, Optional.empty(),
					RequestingApproval.stateDetails(executing));
			ServerExecutedAction action = this.actions.get(request.actionType());
			if (action == null) {
				return executing;
			}
			return runInside(status, action, executing, caller, now);
		});
	}

	/** The initiator reports how the execution they claimed ended. */
	public StoredRequest report(Caller caller, ApprovalRequestId id, String outcome, Object result) {
		StoredRequest seen = existing(id);
		RequestingApproval.checkOwn(caller, seen, "report on");
		refuseWebhookMode(seen);
		if (!SUCCEEDED.equals(outcome) && !FAILED.equals(outcome)) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "outcome is \"succeeded\" or \"failed\"");
		}
		String text = resultText(result);
		Instant now = Rows.now(this.clock);
		return this.transaction.execute((status) -> {
			StoredRequest request = this.requests.lock(id).orElseThrow();
			RequestingApproval.requireState(request, ApprovalState.EXECUTING, "reported on");
			requireEarlierStepsOnLedger(id);
			return finish(request, caller.actor(), caller.username(), SUCCEEDED.equals(outcome), text, now);
		});
	}

	/**
	 * Starts the execution of an approved webhook-mode request: EXECUTING, the execution
	 * row claimed by Countersign, the executor call due now and ACTION_EXECUTION_STARTED,
	 * in one transaction under the row lock, so of every instance that sees the request
	 * approved exactly one starts it. Answers whether this call started it.
	 */
	boolean startWebhook(ApprovalRequestId id) {
		Instant now = Rows.now(this.clock);
		return Boolean.TRUE.equals(this.transaction.execute((status) -> {
			StoredRequest request = this.requests.lock(id).orElseThrow();
			if (request.state() != ApprovalState.APPROVED) {
				return false;
			}
			PolicyDocument.Executor executor = this.policies.version(request.actionType(), request.policy().version())
				.flatMap(PolicyDocument::executor)
				.orElseThrow();
			StoredRequest executing = request.withState(ApprovalState.EXECUTING, now);
			this.requests.move(id, request.state(), executing.state(), now);
			this.executions.claim(id, request.revision(), ApprovalAudit.SYSTEM.id(), now);
			this.calls.create(id, request.revision(), executor.url(), executor.secretFingerprint(), now);
			Map<String, Object> details = RequestingApproval.stateDetails(executing);
			details.put("executor", executor.url());
			details.put("idempotencyKey", CallingExecutors.idempotencyKey(id, request.revision()));
			step(ApprovalEvents.EXECUTION_STARTED, ApprovalAudit.SYSTEM, executing, Optional.of("quorum met"), details);
			return true;
		}));
	}

	/**
	 * Records the executor's answer on a request locked by the caller's transaction, if
	 * it is still executing (an earlier attempt's answer may have ended it).
	 */
	boolean finishWebhook(StoredRequest locked, boolean succeeded, String result, Instant now) {
		if (locked.state() != ApprovalState.EXECUTING) {
			return false;
		}
		finish(locked, ApprovalAudit.SYSTEM, ApprovalAudit.SYSTEM.id(), succeeded, result, now);
		return true;
	}

	/**
	 * Whether every event recorded so far about the request is on the ledger, so that the
	 * next one lands after them in ledger order (decision 023, "Ledger order"). An event
	 * still in the outbox of an instance that stopped is appended by another instance's
	 * drainer within the outbox's grace age plus its interval. Ask after reading the
	 * request's state, never before (see {@link PendingEvents}).
	 */
	static boolean earlierStepsOnLedger(Optional<Set<Resource>> waiting, ApprovalRequestId id) {
		return waiting.isPresent() && !waiting.get().contains(new Resource(ApprovalEvents.RESOURCE, id.toString()));
	}

	// the initiator's next step waits for the ledger: refused with a status that says
	// "retry", the request unchanged
	private void requireEarlierStepsOnLedger(ApprovalRequestId id) {
		if (!earlierStepsOnLedger(this.pending.resources(), id)) {
			throw new CountersignException(ErrorCode.ERR_LEDGER_UNAVAILABLE,
					"An earlier step of this request is committed but not in the ledger yet (the server that "
							+ "took it stopped before appending it; another server appends it within a minute). "
							+ "The ledger holds a request's steps in the order they were taken: retry shortly.");
		}
	}

	private void refuseWebhookMode(StoredRequest request) {
		boolean webhook = this.policies.version(request.actionType(), request.policy().version())
			.map(PolicyDocument::executedByWebhook)
			.orElse(false);
		if (webhook) {
			throw new CountersignException(ErrorCode.ERR_INVALID_STATE_TRANSITION,
					"This request is executed by its policy's executor webhook once approved; "
							+ "its initiator neither claims nor reports the execution.");
		}
	}

	// the action's own changes roll back to a savepoint if it fails; the claim and the
	// failure still commit
	private StoredRequest runInside(TransactionStatus status, ServerExecutedAction action, StoredRequest executing,
			Caller caller, Instant now) {
		Object savepoint = status.createSavepoint();
		String result;
		boolean succeeded;
		try {
			result = resultText(action.execute(approved(executing)));
			status.releaseSavepoint(savepoint);
			succeeded = true;
		}
		catch (RuntimeException ex) {
			status.rollbackToSavepoint(savepoint);
			Map<String, Object> failure = new LinkedHashMap<>();
			failure.put("error", (ex instanceof CountersignException coded) ? coded.code().name() : "ERR_INTERNAL");
			failure.put("message", String.valueOf(ex.getMessage()));
			result = Json.write(failure);
			succeeded = false;
		}
		return finish(executing, caller.actor(), caller.username(), succeeded, result, now);
	}

	private StoredRequest finish(StoredRequest request, Actor actor, String person, boolean succeeded, String result,
			Instant now) {
		StoredRequest done = request.withState(succeeded ? ApprovalState.EXECUTED : ApprovalState.FAILED, now);
		this.requests.move(request.id(), request.state(), done.state(), now);
		this.executions.report(request.id(), succeeded ? SUCCEEDED : FAILED, result, person, now);
		Map<String, Object> details = RequestingApproval.stateDetails(done);
		details.put("result", Json.parse(result));
		step(succeeded ? ApprovalEvents.EXECUTION_SUCCEEDED : ApprovalEvents.EXECUTION_FAILED, actor, done,
				Optional.empty(), details);
		if (succeeded && ApprovalEvents.POLICY_CHANGE.equals(done.actionType())) {
			Map<String, Object> activated = RequestingApproval.stateDetails(done);
			activated.put("policy", Json.parse(result));
			step(ApprovalEvents.POLICY_CHANGE_ACTIVATED, actor, done, Optional.empty(), activated);
		}
		if (succeeded && done.rollbackOf().isPresent()) {
			rollBack(done.rollbackOf().get(), done, actor, now);
		}
		return done;
	}

	// the executed rollback request makes its original ROLLED_BACK, in the same commit
	private void rollBack(ApprovalRequestId originalId, StoredRequest rollback, Actor actor, Instant now) {
		StoredRequest original = this.requests.lock(originalId).orElseThrow();
		if (original.state() != ApprovalState.EXECUTED) {
			return;
		}
		StoredRequest rolledBack = original.withState(ApprovalState.ROLLED_BACK, now);
		this.requests.move(originalId, original.state(), rolledBack.state(), now);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("rolledBackBy", rollback.id().toString());
		details.put("state", rolledBack.state().name());
		step(ApprovalEvents.ROLLED_BACK, actor, rolledBack, Optional.empty(), details);
		if (ApprovalEvents.POLICY_CHANGE.equals(original.actionType())) {
			Map<String, Object> policyDetails = RequestingApproval.stateDetails(rolledBack);
			policyDetails.put("rolledBackBy", rollback.id().toString());
			step(ApprovalEvents.POLICY_CHANGE_ROLLED_BACK, actor, rolledBack, Optional.empty(), policyDetails);
		}
	}

	private ApprovedRequest approved(StoredRequest request) {
		Revision revision = this.requests.revision(request.id(), request.revision());
		PolicyDocument policy = this.policies.version(request.actionType(), request.policy().version()).orElseThrow();
		return new ApprovedRequest(request.id(), revision.number(), request.actionType(),
				revision.content().parameters(), revision.content().diff(), revision.content().justification(),
				request.initiator(), policy, revision.digest().hex(), request.rollbackOf());
	}

	private void step(String type, Actor actor, StoredRequest request, Optional<String> reason,
			Map<String, Object> details) {
		this.audit.recordStep(type, actor, request, reason, details);
	}

	private StoredRequest existing(ApprovalRequestId id) {
		return this.requests.find(id).orElseThrow(() -> RequestingApproval.notFound(id));
	}

	// a JSON value as the ledger's JSON reads it back, bounded
	static String resultText(Object result) {
		String text;
		try {
			text = Json.write(result);
		}
		catch (JsonException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "result: " + ex.getMessage(), ex);
		}
		if (text.length() > MAX_RESULT) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION,
					"result: at most " + MAX_RESULT + " characters of JSON");
		}
		return Json.write(Json.parse(text));
	}

}
