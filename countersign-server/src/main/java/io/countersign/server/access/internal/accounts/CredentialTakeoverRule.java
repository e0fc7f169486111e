package io.countersign.server.access.internal.accounts;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.countersign.ledger.event.Resource;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.roles.EffectivePermissions;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.PermissionScope;

import org.springframework.stereotype.Component;

/**
 * Whoever sets another account's password or issues it a token can act as that account,
 * so doing so needs every permission that account holds (in at least the same scope).
 * Without this rule, {@code tokens:manage} or {@code users:manage} alone would reach
 * everything an administrator can do. A refusal is recorded as {@code authz_fail} and
 * answered with ERR_PERMISSION_DENIED naming what is missing.
 */
@Component
public class CredentialTakeoverRule {

	private final EffectivePermissions permissions;

	private final AccessAudit audit;

	private final Clock clock;

	CredentialTakeoverRule(EffectivePermissions permissions, AccessAudit audit, Clock clock) {
		this.permissions = permissions;
		this.audit = audit;
		this.clock = clock;
	}

	public void check(Caller caller, Account target, String action) {
		if (target.id().equals(caller.accountId())) {
			return;
		}
		Map<String, PermissionScope> held = this.permissions.of(target.id(), this.clock.instant()).permissions();
		List<String> missing = held.entrySet()
			.stream()
			.filter((entry) -> !covers(caller, entry.getKey(), entry.getValue()))
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
		if (missing.isEmpty()) {
			return;
		}
		this.audit.recordDenial(caller, action, new Resource("account", target.username()),
				"lacks permissions the account holds", Map.of("missing", missing));
		throw new CountersignException(ErrorCode.ERR_PERMISSION_DENIED,
				"To " + action + " for '" + target.username() + "' the caller must hold every permission '"
						+ target.username() + "' holds; '" + caller.username() + "' lacks " + String.join(", ", missing)
						+ ".");
	}

	private static boolean covers(Caller caller, String permission, PermissionScope needed) {
		return caller.scopeOf(permission)
			.map((scope) -> scope == PermissionScope.ALL || needed == PermissionScope.OWN)
			.orElse(false);
	}

}
