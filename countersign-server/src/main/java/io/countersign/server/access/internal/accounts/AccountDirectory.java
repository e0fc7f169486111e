package io.countersign.server.access.internal.accounts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.countersign.server.access.internal.roles.RoleGrant;
import io.countersign.server.access.internal.roles.RoleGrants;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Component;

/**
 * Looks accounts up by user name for the API, with the role grants in force now (an
 * expired grant is no longer held and is not shown).
 */
@Component
public class AccountDirectory {

	private final Accounts accounts;

	private final RoleGrants grants;

	private final Clock clock;

	AccountDirectory(Accounts accounts, RoleGrants grants, Clock clock) {
		this.accounts = accounts;
		this.grants = grants;
		this.clock = clock;
	}

	/** The account, or ERR_ACCOUNT_NOT_FOUND. */
	public Account account(String username) {
		return this.accounts.findByUsername(username)
			.orElseThrow(() -> new CountersignException(ErrorCode.ERR_ACCOUNT_NOT_FOUND,
					"No account is named '" + username + "'."));
	}

	/** The account, or ERR_ACCOUNT_NOT_FOUND; ERR_ACCOUNT_ARCHIVED if it is archived. */
	public Account activeAccount(String username) {
		Account account = account(username);
		if (account.archived()) {
			throw new CountersignException(ErrorCode.ERR_ACCOUNT_ARCHIVED,
					"The account '" + username + "' is archived and cannot be changed.");
		}
		return account;
	}

	public AccountWithRoles withRoles(Account account) {
		return new AccountWithRoles(account, rolesOf(account));
	}

	public List<AccountWithRoles> list(boolean includeArchived) {
		return this.accounts.list(includeArchived).stream().map(this::withRoles).toList();
	}

	public List<RoleGrant> rolesOf(Account account) {
		Instant now = this.clock.instant();
		return this.grants.of(account.accountId()).stream().filter((grant) -> grant.activeAt(now)).toList();
	}

	/** An account and the roles it holds now. */
	public record AccountWithRoles(Account account, List<RoleGrant> roles) {

		public AccountWithRoles {
			roles = List.copyOf(roles);
		}

	}

}
