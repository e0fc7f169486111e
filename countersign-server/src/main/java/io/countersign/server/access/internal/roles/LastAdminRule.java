package io.countersign.server.access.internal.roles;

import java.time.Instant;

import io.countersign.ledger.approval.RoleName;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Component;

/**
 * There is always at least one active account holding {@code admin}: a change that would
 * take the role from its last holder (revoking it, archiving the account, or limiting its
 * grant in time) is refused with ERR_LAST_ADMIN. Call it inside the changing transaction:
 * it locks the admin role's row, so two such changes cannot both see the other's holder.
 */
@Component
public class LastAdminRule {

	public static final RoleName ADMIN = RoleName.of("admin");

	private final Roles roles;

	private final RoleGrants grants;

	LastAdminRule(Roles roles, RoleGrants grants) {
		this.roles = roles;
		this.grants = grants;
	}

	/** Refuses if {@code account} is about to stop holding admin and nobody else does. */
	public void checkLosingAdmin(Account account, Instant now) {
		this.roles.lock(ADMIN);
		boolean holds = account.active()
				&& this.grants.find(account.accountId(), ADMIN).filter((grant) -> grant.activeAt(now)).isPresent();
		if (holds && this.grants.activeHoldersOtherThan(ADMIN, account.accountId(), now) == 0) {
			throw new CountersignException(ErrorCode.ERR_LAST_ADMIN, "'" + account.username()
					+ "' is the last active account holding the admin role; grant admin to another account first.");
		}
	}

}
