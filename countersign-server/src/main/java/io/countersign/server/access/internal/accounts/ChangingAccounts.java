package io.countersign.server.access.internal.accounts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.AccessChange;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.AccessGuards;
import io.countersign.server.access.internal.passwords.PasswordPolicy;
import io.countersign.server.access.internal.roles.LastAdminRule;
import io.countersign.server.access.internal.sessions.ConsoleSessions;
import io.countersign.server.access.internal.tokens.AccessTokens;
import io.countersign.server.access.internal.web.AccessInput;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changing accounts: display name and password (by an administrator, or one's own
 * password knowing the current one), and archiving. An archived account cannot be
 * changed; accounts are never deleted.
 */
@Service
public class ChangingAccounts {

	private final AccountDirectory directory;

	private final Accounts accounts;

	private final AccessTokens tokens;

	private final LastAdminRule lastAdmin;

	private final CredentialTakeoverRule takeover;

	private final PasswordPolicy passwordPolicy;

	private final PasswordEncoder passwordEncoder;

	private final AccessChanges changes;

	private final AccessAudit audit;

	private final AccessGuards guards;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final ConsoleSessions sessions;

	private final OwnerRule owners;

	ChangingAccounts(AccountDirectory directory, Accounts accounts, AccessTokens tokens, LastAdminRule lastAdmin,
			CredentialTakeoverRule takeover, PasswordPolicy passwordPolicy, PasswordEncoder passwordEncoder,
			AccessChanges changes, AccessAudit audit, AccessGuards guards, TransactionTemplate transaction, Clock clock,
			ConsoleSessions sessions, OwnerRule owners) {
		this.owners = owners;
		this.sessions = sessions;
		this.directory = directory;
		this.accounts = accounts;
		this.tokens = tokens;
		this.lastAdmin = lastAdmin;
		this.takeover = takeover;
		this.passwordPolicy = passwordPolicy;
		this.passwordEncoder = passwordEncoder;
		this.changes = changes;
		this.audit = audit;
		this.guards = guards;
		this.transaction = transaction;
		this.clock = clock;
	}

	/** Changes what is present; records {@code user_updated} naming the fields. */
	public Account update(Caller caller, String username, Optional<String> displayName, Optional<String> password) {
		return update(caller, username, displayName, password, Optional.empty());
	}

	/**
	 * Changes what is present, {@code owner} only on a service account (an active user
	 * account); records {@code user_updated} naming the fields, and the old and new
	 * owner.
	 */
	public Account update(Caller caller, String username, Optional<String> displayName, Optional<String> password,
			Optional<String> owner) {
		return update(caller, username, displayName, password, owner, Optional.empty());
	}

	/**
	 * As {@link #update(Caller, String, Optional, Optional, Optional)}, and sets or (with
	 * an empty string) removes the account's e-mail address.
	 */
	public Account update(Caller caller, String username, Optional<String> displayName, Optional<String> password,
			Optional<String> owner, Optional<String> email) {
		Instant now = this.clock.instant();
		Account account = this.directory.activeAccount(username);
		if (owner.isPresent() && account.kind() != AccountKind.SERVICE) {
			throw AccessInput.invalid("owner: only service accounts have an owner");
		}
		Optional<String> newOwner = owner.map(this.owners::checked)
			.filter((name) -> !account.owner().equals(Optional.of(name)));
		if (password.isPresent()) {
			if (account.id().equals(caller.accountId())) {
				// users:manage must not let a session left open skip the current password
				throw AccessInput.invalid("set your own password with PUT /api/v1/me/password, giving the current one");
			}
			this.takeover.check(caller, account, "set the password");
		}
		Optional<String> hash = password.map((value) -> newPasswordHash(account, value));
		List<String> changed = new ArrayList<>();
		displayName.ifPresent((name) -> changed.add("displayName"));
		hash.ifPresent((value) -> changed.add("password"));
		newOwner.ifPresent((name) -> changed.add("owner"));
		Optional<Optional<String>> newEmail = email.map((address) -> Optional.of(address).filter((a) -> !a.isEmpty()))
			.filter((address) -> !address.equals(account.email()));
		newEmail.ifPresent((address) -> changed.add("email"));
		if (changed.isEmpty()) {
			return account;
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("changed", changed);
		newOwner.ifPresent((name) -> {
			details.put("owner", name);
			account.owner().ifPresent((previous) -> details.put("previousOwner", previous));
		});
		this.transaction.executeWithoutResult((status) -> {
			displayName.ifPresent((name) -> this.accounts.updateDisplayName(account.accountId(), name, now));
			hash.ifPresent((value) -> this.accounts.updatePasswordHash(account.accountId(), value, now));
			newOwner.ifPresent((name) -> this.accounts.updateOwner(account.accountId(), name, now));
			newEmail.ifPresent((address) -> this.accounts.updateEmail(account.accountId(), address, now));
			this.changes.changed();
			recordUpdated(caller, account, details);
			// whoever knew the old password (or held a session opened with it) is out
			hash.ifPresent((value) -> this.sessions.endAllOf(account.accountId(), "password_reset", caller.actor()));
		});
		return this.directory.account(username);
	}

	/**
	 * Sets the caller's own password; the current one must be given, so that a session
	 * left open is not enough to take the account over.
	 */
	public void changeOwnPassword(Caller caller, String currentPassword, String newPassword) {
		Instant now = this.clock.instant();
		Account account = this.directory.activeAccount(caller.username());
		boolean matches = account.passwordHash()
			.map((stored) -> this.passwordEncoder.matches(currentPassword, stored))
			.orElse(false);
		if (!matches) {
			this.audit.record(EventDraft.of("authn_password_change_fail", caller.actor())
				.withAction("change_password")
				.withResource(new Resource("account", account.username()))
				.withOutcome(Outcome.FAILURE, Optional.of("current password wrong")));
			throw new CountersignException(ErrorCode.ERR_LOGIN_FAILED, "The current password is wrong.");
		}
		String hash = newPasswordHash(account, newPassword);
		this.transaction.executeWithoutResult((status) -> {
			this.accounts.updatePasswordHash(account.accountId(), hash, now);
			this.changes.changed();
			recordUpdated(caller, account, Map.of("changed", List.of("password")));
			// every other session ends; the one the change is made in stays
			Optional<String> current = (caller.credential().method() == Caller.Credential.Method.SESSION)
					? Optional.of(caller.credential().id()) : Optional.empty();
			this.sessions.endAllOf(account.accountId(), current, "password_changed", caller.actor());
		});
	}

	/**
	 * Links a local user account to an identity-provider user (issuer and subject), so
	 * that single sign-on as that user signs in to this account; replaces an earlier
	 * link. Whoever the provider authenticates as that subject then acts as the account,
	 * so this needs every permission the account holds, like setting its password.
	 */
	public Account linkSso(Caller caller, String username, String issuer, String subject) {
		Account account = this.directory.activeAccount(username);
		if (account.kind() != AccountKind.USER) {
			throw AccessInput.invalid("only user accounts sign in with single sign-on");
		}
		this.takeover.check(caller, account, "link a single sign-on user");
		this.transaction.executeWithoutResult((status) -> {
			Optional<Account> linked = this.accounts.findBySsoSubject(issuer, subject);
			if (linked.isPresent() && !linked.get().id().equals(account.id())) {
				throw new CountersignException(ErrorCode.ERR_SSO_SUBJECT_LINKED,
						"This identity-provider user is linked to another account; unlink it there first.");
			}
			this.accounts.linkSsoSubject(account.accountId(), issuer, subject);
			this.accounts.touch(account.id(), this.clock.instant());
			this.changes.changed();
			this.audit.record(EventDraft.of("user_updated", caller.actor())
				.withAction("link_sso")
				.withResource(new Resource("account", account.username()))
				.withDetails(Map.of("changed", List.of("ssoLink"), "issuer", issuer, "subject", subject)));
		});
		return this.directory.account(username);
	}

	/**
	 * Archives the account and revokes its tokens; it can no longer authenticate, and
	 * stays listed (with {@code includeArchived}) as the actor of its past events.
	 */
	public Account archive(Caller caller, String username) {
		Instant now = this.clock.instant();
		Account account = this.directory.activeAccount(username);
		this.transaction.executeWithoutResult((status) -> {
			this.lastAdmin.checkLosingAdmin(account, now);
			this.accounts.archive(account.id(), now);
			int revoked = this.tokens.revokeAllOf(account.id(), now);
			this.changes.changed();
			this.audit.record(EventDraft.of("user_archived", caller.actor())
				.withAction("archive")
				.withResource(new Resource("account", account.username()))
				.withDetails(Map.of("tokensRevoked", revoked)));
			this.guards.check(new AccessChange.AccountArchived(caller.actor(), account.username()));
		});
		return this.directory.account(username);
	}

	private String newPasswordHash(Account account, String password) {
		if (account.kind() == AccountKind.SERVICE) {
			throw AccessInput.invalid("service accounts have no password; they authenticate with API tokens");
		}
		this.passwordPolicy.check(account.username(), password);
		return this.passwordEncoder.encode(password);
	}

	private void recordUpdated(Caller caller, Account account, Map<String, Object> details) {
		this.audit.record(EventDraft.of("user_updated", caller.actor())
			.withAction("update")
			.withResource(new Resource("account", account.username()))
			.withDetails(details));
	}

}
