package io.countersign.server.approval.internal.policies;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.countersign.server.approval.OpenedRequest;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.internal.ApprovalProperties;
import io.countersign.server.approval.internal.policies.PolicyChangeOutcome.AppliedInSetup;
import io.countersign.server.approval.internal.policies.PolicyChangeOutcome.Requested;
import io.countersign.server.approval.internal.policies.PolicyChangeOutcome.Unchanged;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/policies}: approval policies, their versions, and changing them (a
 * {@code policy.change} request, or at once in setup mode); export and import as YAML.
 */
@RestController
@Tag(name = "Approvals", description = "Approval policies, requests, signed decisions and execution")
class PoliciesController {

	static final String YAML = "application/yaml";

	static final String JUSTIFICATION = "justification";

	private final PolicyBook book;

	private final ChangingPolicies changing;

	private final SetupMode setupMode;

	private final ApprovalProperties properties;

	PoliciesController(PolicyBook book, ChangingPolicies changing, SetupMode setupMode, ApprovalProperties properties) {
		this.book = book;
		this.changing = changing;
		this.setupMode = setupMode;
		this.properties = properties;
	}

	@GetMapping(path = "/api/v1/policies", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The policy in force of every action type, and whether setup mode is on")
	@RequiresPermission("approvals:read")
	Map<String, Object> list() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("items", this.book.allCurrent().stream().map(PolicyDocument::toJson).toList());
		body.put("setupMode", this.setupMode.active());
		return body;
	}

	@GetMapping(path = "/api/v1/policies/{actionType}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The policy in force of one action type and all its versions, oldest first")
	@RequiresPermission("approvals:read")
	Map<String, Object> get(@PathVariable String actionType) {
		List<PolicyDocument> history = PolicyDocument.isActionType(actionType) ? this.book.history(actionType)
				: List.of();
		if (history.isEmpty()) {
			throw new CountersignException(ErrorCode.ERR_UNKNOWN_ACTION_TYPE,
					"No approval policy governs the action type '" + actionType + "'.");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("current", history.get(history.size() - 1).toJson());
		body.put("history", history.stream().map(PolicyDocument::toJson).toList());
		return body;
	}

	@PostMapping(path = "/api/v1/policies", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Propose a new version of a policy: 202 with the policy.change request, "
			+ "201 when applied at once in setup mode, 200 when it changes nothing")
	@RequiresPermission("policies:manage")
	ResponseEntity<Map<String, Object>> propose(@AuthenticationPrincipal Caller caller,
			@RequestBody Map<String, Object> body) {
		PolicyDocument proposal = PolicyForm.read(body, Set.of(JUSTIFICATION), this.properties.elevationRole());
		Optional<String> justification = justification(body.get(JUSTIFICATION));
		return answer(this.changing.propose(caller, List.of(proposal),
				PolicyForm.executorSecret(body).stream().toList(), justification), true);
	}

	@GetMapping(path = "/api/v1/policies/export", produces = { YAML, "text/yaml", "application/x-yaml" })
	@Operation(summary = "Every policy in force as YAML, in a stable order")
	@RequiresPermission("approvals:read")
	ResponseEntity<String> export() {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(YAML))
			.body(PolicyYaml.write(this.book.allCurrent()));
	}

	@PostMapping(path = "/api/v1/policies/import", consumes = { YAML, "text/yaml", "application/x-yaml" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Propose the policies of a YAML document at once: one policy.change request showing "
			+ "every change (202), applied at once in setup mode (201), or 200 when nothing changes")
	@RequiresPermission("policies:manage")
	ResponseEntity<Map<String, Object>> importYaml(@AuthenticationPrincipal Caller caller, @RequestBody String yaml,
			@RequestParam(name = JUSTIFICATION, required = false) String justification) {
		List<PolicyDocument> proposals = new ArrayList<>();
		List<String> secrets = new ArrayList<>();
		for (PolicyYaml.Entry entry : PolicyYaml.read(yaml)) {
			try {
				proposals.add(PolicyForm.read(entry.form(), Set.of(), this.properties.elevationRole()));
				PolicyForm.executorSecret(entry.form()).ifPresent(secrets::add);
			}
			catch (CountersignException ex) {
				throw new CountersignException(ex.code(), "line " + entry.line() + ": " + ex.getMessage(), ex);
			}
		}
		if (proposals.isEmpty()) {
			throw PolicyForm.invalid("the YAML lists no policies");
		}
		return answer(this.changing.propose(caller, proposals, secrets, Optional.ofNullable(justification)), false);
	}

	private static Optional<String> justification(Object value) {
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof String text)) {
			throw PolicyForm.invalid("justification is a string");
		}
		return Optional.of(text);
	}

	private static ResponseEntity<Map<String, Object>> answer(PolicyChangeOutcome outcome, boolean single) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (outcome instanceof AppliedInSetup applied) {
			body.put("outcome", "applied");
			body.put("reason", ChangingPolicies.SETUP);
			policies(body, applied.policies(), single);
			return ResponseEntity.status(HttpStatus.CREATED).body(body);
		}
		if (outcome instanceof Requested requested) {
			body.put("outcome", "requested");
			body.put("request", request(requested.request()));
			body.put("diff", requested.diff());
			policies(body, requested.proposed(), single);
			return ResponseEntity.status(HttpStatus.ACCEPTED)
				.location(URI.create("/api/v1/approvals/" + requested.request().id()))
				.body(body);
		}
		body.put("outcome", "unchanged");
		policies(body, ((Unchanged) outcome).current(), single);
		return ResponseEntity.ok(body);
	}

	private static void policies(Map<String, Object> body, List<PolicyDocument> policies, boolean single) {
		if (single) {
			body.put("policy", policies.get(0).toJson());
		}
		body.put("policies", policies.stream().map(PolicyDocument::toJson).toList());
	}

	static Map<String, Object> request(OpenedRequest request) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", request.id().toString());
		json.put("state", request.state().name());
		json.put("revision", request.revision());
		json.put("digest", request.digest());
		json.put("policy", Map.of("actionType", request.policy().actionType(), "version", request.policy().version()));
		json.put("expiresAt", request.expiresAt().toString());
		return json;
	}

}
