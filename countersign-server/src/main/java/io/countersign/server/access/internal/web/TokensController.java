package io.countersign.server.access.internal.web;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountDirectory;
import io.countersign.server.access.internal.tokens.IssuingTokens;
import io.countersign.server.access.internal.web.AccessJson.IssuedTokenJson;
import io.countersign.server.access.internal.web.AccessJson.Items;
import io.countersign.server.access.internal.web.AccessJson.TokenJson;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.RequiresPermission;
import io.countersign.server.shared.SelfService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

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
 * API tokens: those of any account ({@code tokens:manage}) and the caller's own
 * ({@code /api/v1/me/tokens}).
 */
@RestController
@Tag(name = "Access", description = "Accounts, tokens, roles, permissions and sign-in")
class TokensController {

	private final AccountDirectory directory;

	private final IssuingTokens issuing;

	private final Clock clock;

	TokensController(AccountDirectory directory, IssuingTokens issuing, Clock clock) {
		this.directory = directory;
		this.issuing = issuing;
		this.clock = clock;
	}

	@PostMapping(path = "/api/v1/users/{username}/tokens", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Issue an API token to an account; the token is shown only in this answer")
	@RequiresPermission("tokens:manage")
	ResponseEntity<IssuedTokenJson> issue(@AuthenticationPrincipal Caller caller, @PathVariable String username,
			@Valid @RequestBody NewToken body) {
		Account owner = this.directory.account(AccessInput.pathUsername(username));
		return issued(this.issuing.issue(caller, owner, body.name(), body.expiry()));
	}

	@GetMapping(path = "/api/v1/users/{username}/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The API tokens of an account (never the tokens themselves)")
	@RequiresPermission("tokens:manage")
	Items<TokenJson> list(@PathVariable String username) {
		return list(this.directory.account(AccessInput.pathUsername(username)));
	}

	@DeleteMapping("/api/v1/tokens/{id}")
	@Operation(summary = "Revoke an API token; revoking it again changes nothing")
	@RequiresPermission("tokens:manage")
	ResponseEntity<Void> revoke(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		this.issuing.revoke(caller, id, Optional.empty());
		return ResponseEntity.noContent().build();
	}

	@PostMapping(path = "/api/v1/me/tokens", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Issue an API token to the caller's own account")
	@SelfService
	ResponseEntity<IssuedTokenJson> issueOwn(@AuthenticationPrincipal Caller caller,
			@Valid @RequestBody NewToken body) {
		return issued(this.issuing.issue(caller, own(caller), body.name(), body.expiry()));
	}

	@GetMapping(path = "/api/v1/me/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The caller's own API tokens")
	@SelfService
	Items<TokenJson> listOwn(@AuthenticationPrincipal Caller caller) {
		return list(own(caller));
	}

	@DeleteMapping("/api/v1/me/tokens/{id}")
	@Operation(summary = "Revoke one of the caller's own API tokens")
	@SelfService
	ResponseEntity<Void> revokeOwn(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
		this.issuing.revoke(caller, id, Optional.of(own(caller)));
		return ResponseEntity.noContent().build();
	}

	private Account own(Caller caller) {
		return this.directory.account(caller.username());
	}

	private Items<TokenJson> list(Account owner) {
		Instant now = this.clock.instant();
		return new Items<>(this.issuing.of(owner).stream().map((token) -> TokenJson.of(token, now)).toList());
	}

	private static ResponseEntity<IssuedTokenJson> issued(IssuingTokens.IssuedToken token) {
		return ResponseEntity.status(HttpStatus.CREATED).body(IssuedTokenJson.of(token));
	}

	record NewToken(
			@NotNull(message = "is required") @Size(max = AccessInput.MAX_TOKEN_NAME,
					message = "must be at most {max} characters") @DisplayText String name,
			Optional<String> expiresAt) {

		NewToken {
			expiresAt = AccessInput.present(expiresAt);
			AccessInput.time("expiresAt", expiresAt);
		}

		Optional<Instant> expiry() {
			return AccessInput.time("expiresAt", this.expiresAt);
		}

	}

}
