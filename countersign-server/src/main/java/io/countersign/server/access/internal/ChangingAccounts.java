package io.countersign.server.access.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
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
class ChangingAccounts {

	private final AccountDirectory directory;

	private final Accounts accounts;

	private final AccessTokens tokens;

	private final LastAdminRule lastAdmin;

	private final CredentialTakeoverRule takeover;

	private final PasswordPolicy passwordPolicy;

	private final PasswordEncoder passwordEncoder;

	private final AccessChanges changes;

	private final AccessAudit audit;

	private final TransactionTemplate transaction;

	private final Clock clock;

	ChangingAccounts(AccountDirectory directory, Accounts accounts, AccessTokens tokens, LastAdminRule lastAdmin,
			CredentialTakeoverRule takeover, PasswordPolicy passwordPolicy, PasswordEncoder passwordEncoder,
			AccessChanges changes, AccessAudit audit, TransactionTemplate transaction, Clock clock) {
		this.directory = directory;
		this.accounts = accounts;
		this.tokens = tokens;
		this.lastAdmin = lastAdmin;
		this.takeover = takeover;
		this.passwordPolicy = passwordPolicy;
		this.passwordEncoder = passwordEncoder;
		this.changes = changes;
		this.audit = audit;
		this.transaction = transaction;
		this.clock = clock;
	}

	/** Changes what is present; records {@code user_updated} naming the fields. */
	Account update(Caller caller, String username, Optional<String> displayName, Optional<String> password) {
		Instant now = this.clock.instant();
		Account account = this.directory.activeAccount(username);
		if (password.isPresent()) {
			this.takeover.check(caller, account, "set the password");
		}
		Optional<String> hash = password.map((value) -> newPasswordHash(account, value));
		List<String> changed = new ArrayList<>();
		displayName.ifPresent((name) -> changed.add("displayName"));
		hash.ifPresent((value) -> changed.add("password"));
		if (changed.isEmpty()) {
			return account;
		}
		this.transaction.executeWithoutResult((status) -> {
			displayName.ifPresent((name) -> this.accounts.updateDisplayName(account.id(), name, now));
			hash.ifPresent((value) -> this.accounts.updatePasswordHash(account.id(), value, now));
			this.changes.changed();
			recordUpdated(caller, account, changed);
		});
		return this.directory.account(username);
	}

	/**
	 * Sets the caller's own password; the current one must be given, so that a session
	 * left open is not enough to take the account over.
	 */
	void changeOwnPassword(Caller caller, String currentPassword, String newPassword) {
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
			this.accounts.updatePasswordHash(account.id(), hash, now);
			this.changes.changed();
			recordUpdated(caller, account, List.of("password"));
		});
	}

	/**
	 * Archives the account and revokes its tokens; it can no longer authenticate, and
	 * stays listed (with {@code includeArchived}) as the actor of its past events.
	 */
	Account archive(Caller caller, String username) {
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

	private void recordUpdated(Caller caller, Account account, List<String> fields) {
		this.audit.record(EventDraft.of("user_updated", caller.actor())
			.withAction("update")
			.withResource(new Resource("account", account.username()))
			.withDetails(Map.of("changed", fields)));
	}

}
