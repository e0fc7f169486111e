package io.countersign.server.approval.internal.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.server.approval.OpenedRequest;
import io.countersign.server.approval.internal.ReadingApprovals;
import io.countersign.server.approval.internal.decisions.DecidingApproval;
import io.countersign.server.approval.internal.execution.ExecutingApprovedAction;
import io.countersign.server.approval.internal.execution.ExecutorCall;
import io.countersign.server.approval.internal.execution.ExecutorCalls;
import io.countersign.server.approval.internal.execution.RollingBack;
import io.countersign.server.approval.internal.requests.RequestingApproval;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Approval requests: opening, reading, listing, amending and cancelling them, and the
 * approvers' signed decisions (docs/approvals.md, "The HTTP workflow").
 */
@RestController
@Tag(name = "Approvals", description = "Requests for high-risk actions, signed decisions, execution and rollback")
class ApprovalsController {

	private final RequestingApproval requesting;

	private final DecidingApproval deciding;

	private final ReadingApprovals reading;

	private final ExecutingApprovedAction executing;

	private final RollingBack rollingBack;

	private final ExecutorCalls executorCalls;

	ApprovalsController(RequestingApproval requesting, DecidingApproval deciding, ReadingApprovals reading,
			ExecutingApprovedAction executing, RollingBack rollingBack, ExecutorCalls executorCalls) {
		this.executorCalls = executorCalls;
		this.requesting = requesting;
		this.deciding = deciding;
		this.reading = reading;
		this.executing = executing;
		this.rollingBack = rollingBack;
	}

	@PostMapping(path = "/api/v1/approvals", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Request approval for an action under the policy in force for its type")
	@RequiresPermission("approvals:request")
	ResponseEntity<Map<String, Object>> open(@AuthenticationPrincipal Caller caller, @RequestBody NewRequest body) {
		// answered from what was written: reading it back was 15% of an open's CPU
		RequestingApproval.Written opened = this.requesting.openWritten(caller, body.actionType(), body.parameters(),
				body.diff(), body.justification());
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(ApprovalJson.details(this.reading.opened(caller, opened)));
	}

	@GetMapping(path = "/api/v1/approvals/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A request: its current revision, quorum progress, revisions, decisions and execution")
	@RequiresPermission("approvals:read")
	Map<String, Object> read(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		return ApprovalJson.details(this.reading.details(caller, ApprovalJson.id(id)));
	}

	@GetMapping(path = "/api/v1/approvals", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Requests, newest first; waitingFor=me: those awaiting the caller's decision; "
			+ "initiatedBy=me: the caller's own; page on with after=<next>")
	@RequiresPermission("approvals:read")
	Map<String, Object> list(@AuthenticationPrincipal Caller caller, @RequestParam Optional<String> state,
			@RequestParam Optional<String> waitingFor, @RequestParam Optional<String> initiatedBy,
			@RequestParam Optional<String> after, @RequestParam Optional<Integer> limit) {
		ReadingApprovals.Page page = this.reading.page(caller, state.map(ApprovalsController::state),
				me("waitingFor", waitingFor), me("initiatedBy", initiatedBy), after.map(ApprovalsController::cursor),
				limit);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("items", page.requests().stream().map(ApprovalJson::summary).toList());
		page.next().ifPresent((next) -> json.put("next", next.toString()));
		return json;
	}

	@PutMapping(path = "/api/v1/approvals/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Amend a request under review (initiator): a new revision; earlier decisions stop counting")
	@RequiresPermission("approvals:request")
	Map<String, Object> amend(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestBody NewRequest body) {
		ApprovalRequestId request = ApprovalJson.id(id);
		this.requesting.amend(caller, request, body.parameters(), body.diff(), body.justification());
		return ApprovalJson.details(this.reading.details(caller, request));
	}

	@PostMapping(path = "/api/v1/approvals/{id}/cancellation", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Cancel a request under review (initiator)")
	@RequiresPermission("approvals:request")
	Map<String, Object> cancel(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestBody Cancellation body) {
		ApprovalRequestId request = ApprovalJson.id(id);
		this.requesting.cancel(caller, request, body.reason().filter((reason) -> !reason.isBlank()));
		return ApprovalJson.details(this.reading.details(caller, request));
	}

	@PostMapping(path = "/api/v1/approvals/{id}/decisions", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Approve or reject the current revision, signed with the caller's registered Ed25519 key")
	@RequiresPermission("approvals:decide")
	ResponseEntity<Map<String, Object>> decide(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestBody NewDecision body) {
		DecidingApproval.Recorded recorded = this.deciding.decide(caller, ApprovalJson.id(id), body.decision(),
				body.reason(), body.keyId(), body.signature(), body.onBehalfOf());
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", recorded.request().id().toString());
		json.put("state", recorded.request().state().name());
		json.put("revision", recorded.request().revision());
		json.put("decision", ApprovalJson
			.decision(new ReadingApprovals.SignedDecision(recorded.decision(), Optional.empty(), true)));
		return ResponseEntity.status(HttpStatus.CREATED).body(json);
	}

	@PostMapping(path = "/api/v1/approvals/{id}/execution", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Claim the execution of an approved request (initiator): 201 once, 409 for every other claim")
	@RequiresPermission("approvals:request")
	ResponseEntity<Map<String, Object>> claim(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		ApprovalRequestId request = ApprovalJson.id(id);
		this.executing.claim(caller, request);
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(ApprovalJson.details(this.reading.details(caller, request)));
	}

	@PutMapping(path = "/api/v1/approvals/{id}/execution", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Report how the claimed execution ended (initiator): succeeded or failed, with a result")
	@RequiresPermission("approvals:request")
	Map<String, Object> report(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestBody Outcome body) {
		ApprovalRequestId request = ApprovalJson.id(id);
		this.executing.report(caller, request, body.outcome(), body.result());
		return ApprovalJson.details(this.reading.details(caller, request));
	}

	@GetMapping(path = "/api/v1/approvals/{id}/executor-attempts", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The executor webhook call of a webhook-mode request and every attempt at it "
			+ "(no items for a request its initiator executes, or one not yet approved)")
	@RequiresPermission("approvals:read")
	Map<String, Object> executorAttempts(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		ApprovalRequestId request = ApprovalJson.id(id);
		ReadingApprovals.ApprovalDetails details = this.reading.details(caller, request);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("requestId", request.toString());
		json.put("execution", details.policy().execution());
		Optional<ExecutorCall> call = this.executorCalls.of(request);
		call.ifPresent((found) -> json.putAll(ApprovalJson.executorCall(found)));
		if (call.isEmpty()) {
			json.put("items", java.util.List.of());
		}
		return json;
	}

	@PostMapping(path = "/api/v1/approvals/{id}/rollback", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Request the rollback of an executed request: a new linked request under the same policy")
	@RequiresPermission("approvals:request")
	ResponseEntity<Map<String, Object>> rollback(@AuthenticationPrincipal Caller caller, @PathVariable String id,
			@RequestBody Rollback body) {
		OpenedRequest opened = this.rollingBack.rollback(caller, ApprovalJson.id(id), body.parameters(), body.diff(),
				body.justification());
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(ApprovalJson.details(this.reading.details(caller, opened.id())));
	}

	private static ApprovalState state(String state) {
		try {
			return ApprovalState.valueOf(state);
		}
		catch (IllegalArgumentException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "state is one of UNDER_REVIEW, APPROVED, "
					+ "REJECTED, EXPIRED, CANCELLED, EXECUTING, EXECUTED, FAILED, ROLLED_BACK");
		}
	}

	private static boolean me(String name, Optional<String> value) {
		if (value.isPresent() && !"me".equals(value.get())) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, name + " takes the value \"me\"");
		}
		return value.isPresent();
	}

	private static ApprovalRequestId cursor(String after) {
		try {
			return ApprovalRequestId.of(after);
		}
		catch (IllegalArgumentException ex) {
			throw new CountersignException(ErrorCode.ERR_INVALID_CURSOR, "after is the \"next\" of the previous page");
		}
	}

	record NewRequest(String actionType, Map<String, Object> parameters, Optional<String> diff, String justification) {

	}

	record Cancellation(Optional<String> reason) {

	}

	record Outcome(String outcome, Object result) {

	}

	record Rollback(Optional<Map<String, Object>> parameters, Optional<String> diff, String justification) {

	}

	record NewDecision(String decision, String reason, String keyId, String signature, Optional<String> onBehalfOf) {

	}

}
