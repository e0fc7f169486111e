package io.countersign.server.access.internal.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.access.internal.roles.RoleGrants;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.SelfService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Access", description = "Accounts, tokens, roles, permissions and sign-in")
class MeController {

	private final Accounts accounts;

	private final RoleGrants grants;

	private final Clock clock;

	MeController(Accounts accounts, RoleGrants grants, Clock clock) {
		this.accounts = accounts;
		this.grants = grants;
		this.clock = clock;
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Who the caller is, which roles they hold and what they may do now")
	@SelfService
	Me me(@AuthenticationPrincipal Caller caller) {
		Account account = this.accounts.findById(caller.accountId())
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_UNAUTHENTICATED));
		Map<String, String> permissions = new TreeMap<>();
		caller.permissions().forEach((name, scope) -> permissions.put(name, scope.wire()));
		Instant now = this.clock.instant();
		// an expired grant gives nothing: listing it would contradict the permissions
		List<Me.HeldRole> roles = this.grants.of(account.accountId())
			.stream()
			.filter((grant) -> grant.activeAt(now))
			.map((grant) -> new Me.HeldRole(grant.role().value(), grant.expiresAt(), grant.source()))
			.toList();
		return new Me(account.id(), account.username(), account.displayName(), account.kind().wire(),
				account.totpEnabled(), roles, permissions,
				new Me.Authenticated(caller.credential().method().name().toLowerCase(java.util.Locale.ROOT),
						caller.credential().id()));
	}

	record Me(String id, String username, String displayName, String kind, boolean totpEnabled, List<HeldRole> roles,
			Map<String, String> permissions, Authenticated authenticatedWith) {

		record HeldRole(String role, Optional<Instant> expiresAt, String source) {
		}

		record Authenticated(String method, String id) {
		}

	}

}
