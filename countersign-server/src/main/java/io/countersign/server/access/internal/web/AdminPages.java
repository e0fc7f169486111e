package io.countersign.server.access.internal.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.countersign.ledger.approval.RoleName;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountDirectory;
import io.countersign.server.access.internal.accounts.AccountDirectory.AccountWithRoles;
import io.countersign.server.access.internal.accounts.ChangingAccounts;
import io.countersign.server.access.internal.accounts.CreatingAccounts;
import io.countersign.server.access.internal.roles.GrantOutcome;
import io.countersign.server.access.internal.roles.GrantingRoles;
import io.countersign.server.access.internal.roles.RoleGrant;
import io.countersign.server.access.internal.roles.Roles;
import io.countersign.server.access.internal.tokens.IssuingTokens;
import io.countersign.server.access.internal.tokens.StoredToken;
import io.countersign.server.access.internal.totp.TotpFactor;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.ConsolePage;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.RequiresPermission;
import io.countersign.server.shared.SelfService;
import io.countersign.server.web.ProblemResponses;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's administration pages for accounts, roles, grants and API tokens
 * (docs/console.md, "Administration"). They call the same use cases as the API with the
 * same input rules, so every permission and rule is checked again on the server; a
 * refusal is shown on the page with the server's message.
 */
@Controller
@ConsolePage
class AdminPages {

	static final String USERS_READ = "users:read";

	static final String USERS_MANAGE = "users:manage";

	static final String ROLES_READ = "roles:read";

	static final String ROLES_MANAGE = "roles:manage";

	static final String TOKENS_MANAGE = "tokens:manage";

	static final String POLICIES_MANAGE = "policies:manage";

	private final AccountDirectory directory;

	private final CreatingAccounts creating;

	private final ChangingAccounts changing;

	private final TotpFactor totp;

	private final GrantingRoles granting;

	private final Roles roles;

	private final IssuingTokens issuing;

	private final Validator validator;

	private final Clock clock;

	AdminPages(AccountDirectory directory, CreatingAccounts creating, ChangingAccounts changing, TotpFactor totp,
			GrantingRoles granting, Roles roles, IssuingTokens issuing, Validator validator, Clock clock) {
		this.directory = directory;
		this.creating = creating;
		this.changing = changing;
		this.totp = totp;
		this.granting = granting;
		this.roles = roles;
		this.issuing = issuing;
		this.validator = validator;
		this.clock = clock;
	}

	/** A link of the administration landing page. */
	record Section(String id, String label, String href, String description) {

	}

	/**
	 * The landing page: links to what the caller may administer. Open to every signed-in
	 * person (it only lists links); each page behind a link checks its own permission.
	 */
	@GetMapping("/ui/admin")
	@SelfService
	String admin(@AuthenticationPrincipal Caller caller, Model model) {
		List<Section> sections = new ArrayList<>();
		if (caller.holds(USERS_READ)) {
			sections.add(new Section("accounts", "Accounts", "/ui/admin/accounts",
					"Create and archive accounts, reset a lost second factor, grant roles, issue API tokens."));
		}
		if (caller.holds(ROLES_READ)) {
			sections.add(new Section("roles", "Roles", "/ui/admin/roles", "Roles and the permissions they give."));
		}
		if (caller.holds("approvals:read")) {
			sections.add(new Section("policies", "Approval policies", "/ui/admin/policies",
					"Who may request and who must approve each action; changes go through approval."));
		}
		model.addAttribute("sections", sections);
		return "ui/admin/index";
	}

	/** An account as the list shows it. */
	record AccountRow(String username, String displayName, String kind, String status, boolean totp, String owner,
			List<String> roles) {

	}

	@GetMapping("/ui/admin/accounts")
	@RequiresPermission(USERS_READ)
	String accounts(@AuthenticationPrincipal Caller caller, @RequestParam(defaultValue = "false") boolean archived,
			@RequestParam(required = false) String done, Model model) {
		return accountsPage(caller, archived, model, Optional.ofNullable(done).map(AdminPages::doneMessage));
	}

	@PostMapping("/ui/admin/accounts")
	@RequiresPermission(USERS_MANAGE)
	String create(@AuthenticationPrincipal Caller caller, @RequestParam String username,
			@RequestParam(defaultValue = "") String displayName, @RequestParam(defaultValue = "user") String kind,
			@RequestParam(defaultValue = "") String password, @RequestParam(required = false) List<String> roles,
			@RequestParam(defaultValue = "") String owner, @RequestParam(defaultValue = "") String email, Model model,
			HttpServletResponse response) {
		try {
			UsersController.NewUser body = new UsersController.NewUser(username.strip(), optional(displayName), kind,
					optional(password), (roles != null) ? roles : List.of(), optional(owner), optional(email.strip()));
			valid(body);
			List<RoleName> names = body.roles().stream().map(AccessInput::knownRoleName).toList();
			this.creating.create(caller,
					new CreatingAccounts.NewAccount(body.username(), body.displayName().orElse(body.username()),
							body.accountKind(), body.password(), names, body.owner(), body.email()));
			return "redirect:/ui/admin/accounts/" + body.username() + "?done=created";
		}
		catch (CountersignException ex) {
			model.addAttribute("form", new AccountForm(username, displayName, kind, owner, email));
			return refused(ex, response, model, () -> accountsPage(caller, false, model, Optional.empty()));
		}
	}

	/**
	 * What was typed into the new-account form, shown again when refused (no password).
	 */
	record AccountForm(String username, String displayName, String kind, String owner, String email) {

	}

	@GetMapping("/ui/admin/accounts/{username}")
	@RequiresPermission(USERS_READ)
	String account(@AuthenticationPrincipal Caller caller, @PathVariable String username,
			@RequestParam(required = false) String done, Model model) {
		Optional.ofNullable(done)
			.map(AdminPages::doneMessage)
			.ifPresent((notice) -> model.addAttribute("notice", notice));
		return accountPage(caller, AccessInput.pathUsername(username), model);
	}

	@PostMapping("/ui/admin/accounts/{username}/archive")
	@RequiresPermission(USERS_MANAGE)
	String archive(@AuthenticationPrincipal Caller caller, @PathVariable String username, Model model,
			HttpServletResponse response) {
		String name = AccessInput.pathUsername(username);
		return act(caller, name, "archived", () -> this.changing.archive(caller, name), model, response);
	}

	@PostMapping("/ui/admin/accounts/{username}/totp-reset")
	@RequiresPermission(USERS_MANAGE)
	String resetTotp(@AuthenticationPrincipal Caller caller, @PathVariable String username, Model model,
			HttpServletResponse response) {
		String name = AccessInput.pathUsername(username);
		return act(caller, name, "totp-reset", () -> this.totp.reset(caller, this.directory.activeAccount(name)), model,
				response);
	}

	@PostMapping("/ui/admin/accounts/{username}/roles")
	@RequiresPermission(ROLES_MANAGE)
	String grant(@AuthenticationPrincipal Caller caller, @PathVariable String username, @RequestParam String role,
			@RequestParam(defaultValue = "") String expiresAt, @RequestParam(defaultValue = "") String justification,
			Model model, HttpServletResponse response) {
		String name = AccessInput.pathUsername(username);
		try {
			GrantOutcome outcome = this.granting.grant(caller, name, AccessInput.knownRoleName(role),
					formTime("expiresAt", expiresAt), optional(justification));
			if (outcome instanceof GrantOutcome.Deferred deferred) {
				// granting admin outside setup mode is an approval request: show it
				String path = deferred.location().getPath();
				String id = path.substring(path.lastIndexOf('/') + 1);
				return "redirect:/ui/approvals/" + id + "?done=opened";
			}
			return "redirect:/ui/admin/accounts/" + name + "?done=granted";
		}
		catch (CountersignException ex) {
			return refused(ex, response, model, () -> accountPage(caller, name, model));
		}
	}

	@PostMapping("/ui/admin/accounts/{username}/roles/{role}/revocation")
	@RequiresPermission(ROLES_MANAGE)
	String revokeRole(@AuthenticationPrincipal Caller caller, @PathVariable String username, @PathVariable String role,
			Model model, HttpServletResponse response) {
		String name = AccessInput.pathUsername(username);
		return act(caller, name, "revoked", () -> this.granting.revoke(caller, name, AccessInput.knownRoleName(role)),
				model, response);
	}

	/**
	 * Issues a token and shows it in this answer only (never stored, never shown again;
	 * the answer is not cached).
	 */
	@PostMapping("/ui/admin/accounts/{username}/tokens")
	@RequiresPermission(TOKENS_MANAGE)
	String issue(@AuthenticationPrincipal Caller caller, @PathVariable String username, @RequestParam String name,
			@RequestParam(defaultValue = "") String expiresAt, Model model, HttpServletResponse response) {
		String owner = AccessInput.pathUsername(username);
		try {
			TokensController.NewToken body = new TokensController.NewToken(name.strip(), Optional.empty());
			valid(body);
			IssuingTokens.IssuedToken issued = this.issuing.issue(caller, this.directory.account(owner), body.name(),
					formTime("expiresAt", expiresAt));
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			model.addAttribute("issued", new IssuedView(issued.stored().id(), issued.stored().name(), issued.token(),
					issued.stored().expiresAt().orElse(null)));
			model.addAttribute("notice", "Token issued. Copy it now: it is shown only this once.");
			return accountPage(caller, owner, model);
		}
		catch (CountersignException ex) {
			return refused(ex, response, model, () -> accountPage(caller, owner, model));
		}
	}

	/** A token just issued, with its secret. */
	record IssuedView(String id, String name, String token, Instant expiresAt) {

		@Override
		public String toString() {
			return "IssuedView[" + this.id + "]";
		}

	}

	@PostMapping("/ui/admin/accounts/{username}/tokens/{id}/revocation")
	@RequiresPermission(TOKENS_MANAGE)
	String revokeToken(@AuthenticationPrincipal Caller caller, @PathVariable String username, @PathVariable String id,
			Model model, HttpServletResponse response) {
		String owner = AccessInput.pathUsername(username);
		return act(caller, owner, "token-revoked",
				() -> this.issuing.revoke(caller, id, Optional.of(this.directory.account(owner))), model, response);
	}

	/** A role and its permissions. */
	record RoleView(String name, String description, boolean requiresMfa, boolean builtIn, List<String> permissions) {

	}

	@GetMapping("/ui/admin/roles")
	@RequiresPermission(ROLES_READ)
	String roles(Model model) {
		model.addAttribute("roles", this.roles.all()
			.stream()
			.map((role) -> new RoleView(role.name().value(), role.description(), role.requiresMfa(), role.builtIn(),
					role.permissions()
						.entrySet()
						.stream()
						.map((entry) -> entry.getKey() + ((entry.getValue().name().equals("OWN")) ? " (own)" : ""))
						.sorted()
						.toList()))
			.toList());
		return "ui/admin/roles";
	}

	private String accountsPage(Caller caller, boolean archived, Model model, Optional<String> notice) {
		Instant now = this.clock.instant();
		List<AccountRow> rows = this.directory.list(archived)
			.stream()
			.sorted(Comparator.comparing((AccountWithRoles each) -> each.account().username()))
			.map((each) -> row(each, now))
			.toList();
		model.addAttribute("accounts", rows);
		model.addAttribute("archived", archived);
		model.addAttribute("mayManage", caller.holds(USERS_MANAGE));
		model.addAttribute("allRoles", this.roles.all().stream().map((role) -> role.name().value()).toList());
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new AccountForm("", "", "user", "", ""));
		}
		notice.ifPresent((text) -> model.addAttribute("notice", text));
		return "ui/admin/accounts";
	}

	private static AccountRow row(AccountWithRoles each, Instant now) {
		Account account = each.account();
		return new AccountRow(account.username(), account.displayName(), account.kind().wire(),
				account.archived() ? "archived" : "active", account.totpEnabled(), account.owner().orElse(""),
				each.roles()
					.stream()
					.filter((grant) -> grant.activeAt(now))
					.map((grant) -> grant.role().value())
					.sorted()
					.toList());
	}

	/** A grant as the account page shows it. */
	record GrantView(String role, String grantedBy, Instant grantedAt, Instant expiresAt, String source,
			boolean active) {

	}

	/** A token as the account page shows it (never the token itself). */
	record TokenView(String id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt, String status) {

	}

	private String accountPage(Caller caller, String username, Model model) {
		Instant now = this.clock.instant();
		Account account = this.directory.account(username);
		List<RoleGrant> grants = this.directory.rolesOf(account);
		model.addAttribute("account", row(this.directory.withRoles(account), now));
		model.addAttribute("created", account.createdAt());
		model.addAttribute("grants",
				grants.stream()
					.map((grant) -> new GrantView(grant.role().value(), grant.grantedBy(), grant.grantedAt(),
							grant.expiresAt().orElse(null), grant.source(), grant.activeAt(now)))
					.toList());
		Set<String> held = new TreeSet<>(grants.stream().map((grant) -> grant.role().value()).toList());
		model.addAttribute("grantable",
				this.roles.all()
					.stream()
					.map((role) -> role.name().value())
					.filter((role) -> !held.contains(role))
					.toList());
		boolean mayManageTokens = caller.holds(TOKENS_MANAGE);
		model.addAttribute("mayManageTokens", mayManageTokens);
		if (mayManageTokens) {
			List<StoredToken> tokens = this.issuing.of(account);
			model.addAttribute("tokens",
					tokens.stream()
						.map((token) -> new TokenView(token.id(), token.name(), token.createdAt(),
								token.expiresAt().orElse(null), token.lastUsedAt().orElse(null),
								IssuingTokens.status(token, now)))
						.toList());
		}
		model.addAttribute("mayManageUsers", caller.holds(USERS_MANAGE) && account.active());
		model.addAttribute("mayManageRoles", caller.holds(ROLES_MANAGE) && account.active());
		model.addAttribute("isSelf", account.id().equals(caller.accountId()));
		return "ui/admin/account";
	}

	private String act(Caller caller, String username, String done, Runnable action, Model model,
			HttpServletResponse response) {
		try {
			action.run();
		}
		catch (CountersignException ex) {
			return refused(ex, response, model, () -> accountPage(caller, username, model));
		}
		return "redirect:/ui/admin/accounts/" + username + "?done=" + done;
	}

	private <T> void valid(T body) {
		Set<ConstraintViolation<T>> violations = this.validator.validate(body);
		if (!violations.isEmpty()) {
			List<String> messages = new ArrayList<>();
			violations.forEach((violation) -> messages.add(violation.getPropertyPath() + " " + violation.getMessage()));
			messages.sort(null);
			throw new CountersignException(ErrorCode.ERR_VALIDATION, String.join("; ", messages));
		}
	}

	private static Optional<String> optional(String text) {
		return text.isBlank() ? Optional.empty() : Optional.of(text.strip());
	}

	/**
	 * A time from a form: an RFC 3339 time, or a browser's {@code datetime-local} value
	 * ({@code 2027-01-31T18:00}), which the form labels as UTC.
	 */
	static Optional<Instant> formTime(String field, String text) {
		if (text.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC));
		}
		catch (DateTimeParseException ex) {
			return AccessInput.time(field, Optional.of(text.strip()));
		}
	}

	private static String refused(CountersignException ex, HttpServletResponse response, Model model,
			Supplier<String> page) {
		// the status the API answers the same refusal with
		response.setStatus(ProblemResponses.status(ex.code()).value());
		model.addAttribute("error", ex.getMessage());
		model.addAttribute("errorCode", ex.code().name());
		return page.get();
	}

	private static String doneMessage(String done) {
		return switch (done) {
			case "created" -> "Account created.";
			case "archived" -> "Account archived: it can no longer sign in or use its tokens.";
			case "totp-reset" -> "Second factor removed: the account enrolls again at its next sign-in.";
			case "granted" -> "Role granted.";
			case "revoked" -> "Role revoked.";
			case "token-revoked" -> "Token revoked.";
			default -> null;
		};
	}

}
