package io.countersign.server.approval.internal.web;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.approval.internal.delegations.Delegating;
import io.countersign.server.approval.internal.delegations.StoredDelegation;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.RequiresPermission;
import io.countersign.server.shared.SelfService;
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
 * An approver's delegations of their right to decide: given, received, revoked
 * (docs/approvals.md, "Delegation").
 */
@RestController
@Tag(name = "Approvals", description = "Requests for high-risk actions, signed decisions, execution and rollback")
class DelegationsController {

	private final Delegating delegating;

	private final Clock clock;

	DelegationsController(Delegating delegating, Clock clock) {
		this.delegating = delegating;
		this.clock = clock;
	}

	@PostMapping(path = "/api/v1/me/delegations", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Delegate your right to decide to a named person for a bounded window")
	@RequiresPermission("approvals:decide")
	ResponseEntity<Map<String, Object>> grant(@AuthenticationPrincipal Caller caller, @RequestBody NewDelegation body) {
		StoredDelegation delegation = this.delegating.grant(caller,
				new Delegating.Grant(body.delegate(), body.from().map((from) -> instant("from", from)),
						body.until().map((until) -> instant("until", until)), body.actionTypes(), body.reason()));
		return ResponseEntity.status(HttpStatus.CREATED).body(json(delegation, this.clock.instant()));
	}

	@GetMapping(path = "/api/v1/me/delegations", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The delegations you gave and received, newest first")
	@SelfService
	Map<String, Object> list(@AuthenticationPrincipal Caller caller) {
		Instant now = this.clock.instant();
		List<StoredDelegation> all = this.delegating.of(caller);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("given",
				all.stream()
					.filter((delegation) -> delegation.delegator().equals(caller.username()))
					.map((delegation) -> json(delegation, now))
					.toList());
		json.put("received",
				all.stream()
					.filter((delegation) -> delegation.delegate().equals(caller.username()))
					.map((delegation) -> json(delegation, now))
					.toList());
		return json;
	}

	@DeleteMapping(path = "/api/v1/me/delegations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Revoke a delegation you gave, or decline one you received")
	@SelfService
	Map<String, Object> revoke(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		return json(this.delegating.revoke(caller, id), this.clock.instant());
	}

	static Map<String, Object> json(StoredDelegation delegation, Instant now) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", delegation.id());
		json.put("delegator", delegation.delegator());
		json.put("delegate", delegation.delegate());
		json.put("from", delegation.from().toString());
		json.put("until", delegation.until().toString());
		json.put("actionTypes", delegation.actionTypes());
		json.put("reason", delegation.reason());
		json.put("status", delegation.status(now));
		json.put("createdAt", delegation.createdAt().toString());
		delegation.revokedAt().ifPresent((at) -> json.put("revokedAt", at.toString()));
		delegation.revokedBy().ifPresent((by) -> json.put("revokedBy", by));
		return json;
	}

	static Instant instant(String name, String text) {
		try {
			return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION,
					name + ": an RFC 3339 time such as 2026-12-31T18:00:00Z", ex);
		}
	}

	record NewDelegation(String delegate, Optional<String> from, Optional<String> until,
			Optional<List<String>> actionTypes, String reason) {

	}

}
