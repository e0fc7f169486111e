package io.countersign.server.access.internal.roles;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.countersign.ledger.approval.RoleName;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.PermissionScope;

import org.springframework.stereotype.Component;

/**
 * Whoever hands out permissions must hold them: granting a role, defining a role, adding
 * a permission to one, or changing a role's TOTP requirement needs every permission
 * concerned in at least the same scope. Without it {@code roles:manage} alone reaches
 * {@code admin}: grant it to a service account, issue that account a token, and use the
 * token. A refusal is recorded as {@code authz_fail} (rule {@code grantor holds
 * permissions}) and answered with ERR_PERMISSION_DENIED naming what is missing.
 */
@Component
class GrantorHoldsPermissionsRule {

	static final String RULE = "grantor holds permissions";

	private final AccessAudit audit;

	GrantorHoldsPermissionsRule(AccessAudit audit) {
		this.audit = audit;
	}

	/** Granting {@code role} to {@code grantee}. */
	void checkGrant(Caller caller, Account grantee, Role role) {
		check(caller, "grant", new Resource("account", grantee.username()), Map.of("role", role.name().value()),
				role.permissions(), "grant the role '" + role.name() + "'");
	}

	/** Creating {@code role} with {@code permissions}. */
	void checkDefinition(Caller caller, RoleName role, Map<String, PermissionScope> permissions) {
		check(caller, "create", new Resource("role", role.value()), Map.of(), permissions,
				"create the role '" + role + "' with these permissions");
	}

	/** Adding {@code permission} in {@code scope} to {@code role}. */
	void checkAddition(Caller caller, RoleName role, String permission, PermissionScope scope) {
		check(caller, "grant_permission", new Resource("role", role.value()), Map.of("permission", permission),
				Map.of(permission, scope), "add '" + permission + "' to the role '" + role + "'");
	}

	/**
	 * Changing whether {@code role} requires TOTP changes how its holders sign in: only
	 * someone holding all it gives may decide that.
	 */
	void checkMfaChange(Caller caller, Role role, boolean requiresMfa) {
		check(caller, "change_mfa", new Resource("role", role.name().value()), Map.of("requiresMfa", requiresMfa),
				role.permissions(), "change whether the role '" + role.name() + "' requires TOTP");
	}

	private void check(Caller caller, String action, Resource resource, Map<String, Object> details,
			Map<String, PermissionScope> needed, String what) {
		List<String> missing = needed.entrySet()
			.stream()
			.filter((entry) -> !covers(caller, entry.getKey(), entry.getValue()))
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
		if (missing.isEmpty()) {
			return;
		}
		Map<String, Object> recorded = new LinkedHashMap<>(details);
		recorded.put("missing", missing);
		recorded.put("rule", RULE);
		this.audit.recordDenial(caller, action, resource, "grantor lacks permissions", recorded);
		throw new CountersignException(ErrorCode.ERR_PERMISSION_DENIED,
				"To " + what + ", '" + caller.username() + "' must hold every permission it gives; '"
						+ caller.username() + "' lacks " + String.join(", ", missing) + ".");
	}

	private static boolean covers(Caller caller, String permission, PermissionScope needed) {
		return caller.scopeOf(permission)
			.map((scope) -> scope == PermissionScope.ALL || needed == PermissionScope.OWN)
			.orElse(false);
	}

}
