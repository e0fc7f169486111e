package io.countersign.server.access.internal.roles;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.countersign.ledger.approval.RoleName;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountId;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Component;

/**
 * Nobody changes their own role grants, nor the permissions of a role they hold: either
 * would let an account widen its own access without a second person. A refusal is written
 * to the ledger ({@code authz_fail}, outcome denied) and answered with ERR_SELF_GRANT;
 * nothing else happens.
 */
@Component
class SelfGrantRule {

	private final RoleGrants grants;

	private final AccessAudit audit;

	SelfGrantRule(RoleGrants grants, AccessAudit audit) {
		this.grants = grants;
		this.audit = audit;
	}

	/** Whether granting or revoking a role of {@code grantee} is a self-grant. */
	static boolean isSelfGrant(Caller caller, Account grantee) {
		return caller.accountId().equals(grantee.id());
	}

	/** Whether changing the permissions of {@code role} changes the caller's own. */
	boolean holdsRole(Caller caller, RoleName role, Instant now) {
		return this.grants.find(AccountId.of(caller), role).filter((grant) -> grant.activeAt(now)).isPresent();
	}

	void checkGrant(Caller caller, Account grantee, RoleName role, String change) {
		if (isSelfGrant(caller, grantee)) {
			refuse(caller, "role_" + change, new Resource("account", grantee.username()), Map.of("role", role.value()),
					"Nobody may " + change + " roles of their own account; ask another administrator.");
		}
	}

	void checkRoleChange(Caller caller, RoleName role, String permission, Instant now) {
		if (holdsRole(caller, role, now)) {
			refuse(caller, "change_permissions", new Resource("role", role.value()), Map.of("permission", permission),
					"Nobody may change the permissions of a role they hold ('" + role
							+ "'); ask an administrator who does not hold it.");
		}
	}

	/**
	 * Dropping the second-factor requirement of a role weakens its holders' sign-in, so a
	 * holder may not do it for their own role.
	 */
	void checkMfaRelief(Caller caller, RoleName role, Instant now) {
		if (holdsRole(caller, role, now)) {
			refuse(caller, "relax_mfa", new Resource("role", role.value()), Map.of("requiresMfa", false),
					"Nobody may drop the TOTP requirement of a role they hold ('" + role
							+ "'); ask an administrator who does not hold it.");
		}
	}

	private void refuse(Caller caller, String action, Resource resource, Map<String, Object> details, String message) {
		Map<String, Object> recorded = new LinkedHashMap<>(details);
		recorded.put("rule", "no self-grant");
		this.audit.recordDenial(caller, action, resource, "self-grant", recorded);
		throw new CountersignException(ErrorCode.ERR_SELF_GRANT, message);
	}

}
