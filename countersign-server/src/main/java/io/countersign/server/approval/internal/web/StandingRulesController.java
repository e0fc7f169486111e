package io.countersign.server.approval.internal.web;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.approval.internal.rules.ManagingStandingRules;
import io.countersign.server.approval.internal.rules.StoredRule;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Standing rules: approvals given in advance for requests whose parameters match
 * constraints (docs/approvals.md, "Standing rules").
 */
@RestController
@Tag(name = "Approvals", description = "Requests for high-risk actions, signed decisions, execution and rollback")
class StandingRulesController {

	private final ManagingStandingRules managing;

	private final Clock clock;

	StandingRulesController(ManagingStandingRules managing, Clock clock) {
		this.managing = managing;
		this.clock = clock;
	}

	@PostMapping(path = "/api/v1/standing-rules", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Approve in advance, until a time, every request of an action type whose parameters match; "
			+ "needs approvals:decide too; never for an elevated policy or a gated change")
	@RequiresPermission("policies:manage")
	ResponseEntity<Map<String, Object>> create(@AuthenticationPrincipal Caller caller, @RequestBody NewRule body) {
		StoredRule rule = this.managing.create(caller, body.actionType(), body.constraints(),
				body.until().map((until) -> DelegationsController.instant("until", until)), body.reason());
		return ResponseEntity.status(HttpStatus.CREATED).body(json(rule, this.clock.instant()));
	}

	@GetMapping(path = "/api/v1/standing-rules", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Every standing rule, newest first, with its status")
	@RequiresPermission("approvals:read")
	Map<String, Object> list() {
		Instant now = this.clock.instant();
		return Map.of("items", this.managing.all().stream().map((rule) -> json(rule, now)).toList());
	}

	@DeleteMapping(path = "/api/v1/standing-rules/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Revoke a standing rule: it approves nothing more")
	@RequiresPermission("policies:manage")
	Map<String, Object> revoke(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		return json(this.managing.revoke(caller, id), this.clock.instant());
	}

	static Map<String, Object> json(StoredRule rule, Instant now) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", rule.id());
		json.put("actionType", rule.actionType());
		json.put("constraints", rule.constraints().toJson());
		json.put("createdBy", rule.createdBy());
		json.put("createdAt", rule.createdAt().toString());
		json.put("until", rule.until().toString());
		json.put("reason", rule.reason());
		json.put("status", rule.status(now));
		json.put("eventId", rule.eventId());
		rule.revokedAt().ifPresent((at) -> json.put("revokedAt", at.toString()));
		rule.revokedBy().ifPresent((by) -> json.put("revokedBy", by));
		return json;
	}

	record NewRule(String actionType, Object constraints, Optional<String> until, String reason) {

	}

}
