package io.countersign.server.access.internal.web;

import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.RoleName;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountDirectory;
import io.countersign.server.access.internal.accounts.AccountKind;
import io.countersign.server.access.internal.accounts.ChangingAccounts;
import io.countersign.server.access.internal.accounts.CreatingAccounts;
import io.countersign.server.access.internal.totp.TotpFactor;
import io.countersign.server.access.internal.web.AccessJson.AccountJson;
import io.countersign.server.access.internal.web.AccessJson.Items;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.RequiresPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/users}: user and service accounts. */
@RestController
@RequestMapping(path = "/api/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Access", description = "Accounts, tokens, roles, permissions and sign-in")
class UsersController {

	private static final int MAX_ROLES = 64;

	private final AccountDirectory directory;

	private final CreatingAccounts creating;

	private final ChangingAccounts changing;

	private final TotpFactor totp;

	UsersController(AccountDirectory directory, CreatingAccounts creating, ChangingAccounts changing, TotpFactor totp) {
		this.totp = totp;
		this.directory = directory;
		this.creating = creating;
		this.changing = changing;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a user or service account, optionally with roles")
	@RequiresPermission("users:manage")
	ResponseEntity<AccountJson> create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody NewUser body) {
		List<RoleName> roles = body.roles().stream().map(AccessInput::knownRoleName).toList();
		Account account = this.creating.create(caller,
				new CreatingAccounts.NewAccount(body.username(), body.displayName().orElse(body.username()),
						body.accountKind(), body.password(), roles, body.owner(), body.email()));
		return ResponseEntity.status(HttpStatus.CREATED).body(AccountJson.of(this.directory.withRoles(account)));
	}

	@GetMapping
	@Operation(summary = "List accounts, active ones unless includeArchived=true")
	@RequiresPermission("users:read")
	Items<AccountJson> list(@RequestParam(defaultValue = "false") boolean includeArchived) {
		return new Items<>(this.directory.list(includeArchived).stream().map(AccountJson::of).toList());
	}

	@GetMapping("/{username}")
	@Operation(summary = "One account with the roles it holds now")
	@RequiresPermission("users:read")
	AccountJson get(@PathVariable String username) {
		return AccountJson.of(this.directory.withRoles(this.directory.account(AccessInput.pathUsername(username))));
	}

	@PatchMapping(path = "/{username}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(
			summary = "Change an account's display name, password or e-mail address (\"\" removes it), or a service account's owner")
	@RequiresPermission("users:manage")
	AccountJson update(@AuthenticationPrincipal Caller caller, @PathVariable String username,
			@Valid @RequestBody AccountChange body) {
		Account account = this.changing.update(caller, AccessInput.pathUsername(username), body.displayName(),
				body.password(), body.owner(), body.email());
		return AccountJson.of(this.directory.withRoles(account));
	}

	@PostMapping("/{username}/archive")
	@Operation(summary = "Archive an account: its tokens are revoked and it can no longer authenticate")
	@RequiresPermission("users:manage")
	AccountJson archive(@AuthenticationPrincipal Caller caller, @PathVariable String username) {
		Account account = this.changing.archive(caller, AccessInput.pathUsername(username));
		return AccountJson.of(this.directory.withRoles(account));
	}

	@PutMapping(path = "/{username}/sso-link", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Link the account to an identity-provider user: single sign-on as that user signs in to it")
	@RequiresPermission("users:manage")
	AccountJson linkSso(@AuthenticationPrincipal Caller caller, @PathVariable String username,
			@Valid @RequestBody SsoLink body) {
		Account account = this.changing.linkSso(caller, AccessInput.pathUsername(username), body.issuer(),
				body.subject());
		return AccountJson.of(this.directory.withRoles(account));
	}

	@DeleteMapping("/{username}/totp")
	@Operation(summary = "Reset another account's TOTP second factor (lost device): it signs in with the password "
			+ "alone and enrolls again")
	@RequiresPermission("users:manage")
	ResponseEntity<Void> resetTotp(@AuthenticationPrincipal Caller caller, @PathVariable String username) {
		this.totp.reset(caller, this.directory.activeAccount(AccessInput.pathUsername(username)));
		return ResponseEntity.noContent().build();
	}

	record SsoLink(
			@NotNull(message = "is required") @Size(max = 512,
					message = "must be at most {max} characters") @DisplayText String issuer,
			@NotNull(message = "is required") @Size(max = 255,
					message = "must be at most {max} characters") @DisplayText String subject) {
	}

	record NewUser(
			@NotNull(message = AccessInput.USERNAME_MESSAGE) @Pattern(regexp = AccessInput.USERNAME_RULE,
					message = AccessInput.USERNAME_MESSAGE) String username,
			Optional<@Size(max = AccessInput.MAX_DISPLAY_NAME,
					message = "must be at most {max} characters") @DisplayText String> displayName,
			@Pattern(regexp = "user|service", message = "must be user or service") String kind,
			Optional<@Size(min = 1, max = AccessInput.MAX_PASSWORD,
					message = "must be 1 to {max} characters") String> password,
			@Size(max = MAX_ROLES, message = "must hold at most {max} names") List<String> roles,
			Optional<@Pattern(regexp = AccessInput.USERNAME_RULE, message = AccessInput.USERNAME_MESSAGE) String> owner,
			Optional<@Size(max = AccessInput.MAX_EMAIL, message = "must be at most {max} characters") @Pattern(
					regexp = AccessInput.EMAIL_RULE, message = AccessInput.EMAIL_MESSAGE) String> email) {

		// absent fields; the constraints above are checked when the body is bound
		NewUser {
			owner = AccessInput.present(owner);
			email = AccessInput.present(email);
			displayName = AccessInput.present(displayName);
			kind = (kind != null) ? kind : AccountKind.USER.wire();
			password = AccessInput.present(password);
			roles = (roles != null) ? roles : List.of();
		}

		AccountKind accountKind() {
			return AccountKind.fromWire(this.kind);
		}

		@Override
		public String toString() {
			return "NewUser[" + this.username + "]";
		}

	}

	record AccountChange(
			Optional<@Size(max = AccessInput.MAX_DISPLAY_NAME,
					message = "must be at most {max} characters") @DisplayText String> displayName,
			Optional<@Size(min = 1, max = AccessInput.MAX_PASSWORD,
					message = "must be 1 to {max} characters") String> password,
			Optional<@Pattern(regexp = AccessInput.USERNAME_RULE, message = AccessInput.USERNAME_MESSAGE) String> owner,
			Optional<@Size(max = AccessInput.MAX_EMAIL, message = "must be at most {max} characters") @Pattern(
					regexp = "|" + AccessInput.EMAIL_RULE, message = AccessInput.EMAIL_MESSAGE) String> email) {

		AccountChange {
			owner = AccessInput.present(owner);
			email = AccessInput.present(email);
			displayName = AccessInput.present(displayName);
			password = AccessInput.present(password);
		}

		@Override
		public String toString() {
			return "AccountChange[displayName=" + this.displayName + ", owner=" + this.owner + "]";
		}

	}

}
