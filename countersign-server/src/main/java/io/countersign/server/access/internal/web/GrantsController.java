package io.countersign.server.access.internal.web;

import java.time.Instant;
import java.util.Optional;

import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountDirectory;
import io.countersign.server.access.internal.roles.GrantOutcome;
import io.countersign.server.access.internal.roles.GrantingRoles;
import io.countersign.server.access.internal.web.AccessJson.GrantJson;
import io.countersign.server.access.internal.web.AccessJson.Items;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/users/{username}/roles}: the roles an account holds. */
@RestController
@RequestMapping("/api/v1/users/{username}/roles")
@Tag(name = "Access", description = "Accounts, tokens, roles, permissions and sign-in")
class GrantsController {

	private final AccountDirectory directory;

	private final GrantingRoles granting;

	GrantsController(AccountDirectory directory, GrantingRoles granting) {
		this.directory = directory;
		this.granting = granting;
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The roles an account holds now")
	@RequiresPermission("roles:read")
	Items<GrantJson> list(@PathVariable String username) {
		Account account = this.directory.account(AccessInput.pathUsername(username));
		return new Items<>(this.directory.rolesOf(account).stream().map(GrantJson::of).toList());
	}

	@PutMapping(path = "/{role}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Grant a role, optionally until expiresAt; granting again replaces the expiry. "
			+ "Granting admin outside setup mode answers 202 with the role.grant.admin approval request instead")
	@RequiresPermission("roles:manage")
	ResponseEntity<?> grant(@AuthenticationPrincipal Caller caller, @PathVariable String username,
			@PathVariable String role, @Valid @RequestBody(required = false) Grant body) {
		Optional<Instant> expiresAt = (body != null) ? body.expiry() : Optional.empty();
		Optional<String> justification = (body != null) ? body.justification() : Optional.empty();
		GrantOutcome outcome = this.granting.grant(caller, AccessInput.pathUsername(username),
				AccessInput.knownRoleName(role), expiresAt, justification);
		if (outcome instanceof GrantOutcome.Deferred deferred) {
			return ResponseEntity.status(HttpStatus.ACCEPTED).location(deferred.location()).body(deferred.answer());
		}
		return ResponseEntity.ok(GrantJson.of(((GrantOutcome.Granted) outcome).grant()));
	}

	@DeleteMapping("/{role}")
	@Operation(summary = "Revoke a role; takes effect on the account's next request")
	@RequiresPermission("roles:manage")
	ResponseEntity<Void> revoke(@AuthenticationPrincipal Caller caller, @PathVariable String username,
			@PathVariable String role) {
		this.granting.revoke(caller, AccessInput.pathUsername(username), AccessInput.knownRoleName(role));
		return ResponseEntity.noContent().build();
	}

	/** {@code justification}: why, for the approval request a gated grant opens. */
	record Grant(Optional<String> expiresAt, Optional<String> justification) {

		Grant {
			expiresAt = AccessInput.present(expiresAt);
			AccessInput.time("expiresAt", expiresAt);
			justification = AccessInput.present(justification);
		}

		Optional<Instant> expiry() {
			return AccessInput.time("expiresAt", this.expiresAt);
		}

	}

}
