package io.countersign.server.access.internal.roles;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.countersign.ledger.approval.RoleName;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.AccessChange;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.AccessGuards;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.PermissionScope;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Defining roles: creating them, changing their description, TOTP requirement and
 * permissions, and deleting those that are not built in. Nobody changes the permissions
 * of a role they hold ({@link SelfGrantRule}), and nobody gives a role a permission, or
 * changes the TOTP requirement of a role, beyond what they hold themselves
 * ({@link GrantorHoldsPermissionsRule}).
 */
@Service
public class DefiningRoles {

	private static final String EVENT = "privilege_permissions_changed";

	private final Roles roles;

	private final RoleGrants grants;

	private final SelfGrantRule selfGrant;

	private final GrantorHoldsPermissionsRule grantorHolds;

	private final AccessChanges changes;

	private final AccessAudit audit;

	private final AccessGuards guards;

	private final TransactionTemplate transaction;

	private final Clock clock;

	DefiningRoles(Roles roles, RoleGrants grants, SelfGrantRule selfGrant, GrantorHoldsPermissionsRule grantorHolds,
			AccessChanges changes, AccessAudit audit, AccessGuards guards, TransactionTemplate transaction,
			Clock clock) {
		this.roles = roles;
		this.grants = grants;
		this.selfGrant = selfGrant;
		this.grantorHolds = grantorHolds;
		this.changes = changes;
		this.audit = audit;
		this.guards = guards;
		this.transaction = transaction;
		this.clock = clock;
	}

	public Role role(RoleName name) {
		return this.roles.find(name)
			.orElseThrow(
					() -> new CountersignException(ErrorCode.ERR_UNKNOWN_ROLE, "No role is named '" + name + "'."));
	}

	public Role create(Caller caller, RoleName name, String description, boolean requiresMfa,
			Map<String, PermissionScope> permissions) {
		Instant now = this.clock.instant();
		if (this.roles.find(name).isPresent()) {
			throw exists(name);
		}
		permissions.keySet().forEach(this::checkPermission);
		this.grantorHolds.checkDefinition(caller, name, permissions);
		Map<String, Object> wire = new TreeMap<>();
		permissions.forEach((permission, scope) -> wire.put(permission, scope.wire()));
		try {
			this.transaction.executeWithoutResult((status) -> {
				this.roles.insert(name, description, requiresMfa, now);
				permissions.forEach((permission, scope) -> this.roles.putPermission(name, permission, scope));
				this.changes.changed();
				record(caller, name, "create",
						Map.of("role", name.value(), "requiresMfa", requiresMfa, "permissions", wire));
			});
		}
		catch (DuplicateKeyException ex) {
			throw exists(name);
		}
		return role(name);
	}

	public Role update(Caller caller, RoleName name, Optional<String> description, Optional<Boolean> requiresMfa) {
		Role role = role(name);
		if (description.isEmpty() && requiresMfa.isEmpty()) {
			return role;
		}
		if (role.requiresMfa() && requiresMfa.equals(Optional.of(false))) {
			this.selfGrant.checkMfaRelief(caller, name, this.clock.instant());
		}
		if (requiresMfa.isPresent() && requiresMfa.get() != role.requiresMfa()) {
			this.grantorHolds.checkMfaChange(caller, role, requiresMfa.get());
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("role", name.value());
		description.ifPresent((text) -> details.put("description", text));
		requiresMfa.ifPresent((required) -> details.put("requiresMfa", required));
		details.put("change", "update");
		this.transaction.executeWithoutResult((status) -> {
			this.roles.update(name, description.orElse(role.description()), requiresMfa.orElse(role.requiresMfa()));
			this.changes.changed();
			record(caller, name, "update", details);
		});
		return role(name);
	}

	public Role putPermission(Caller caller, RoleName name, String permission, PermissionScope scope) {
		Instant now = this.clock.instant();
		Role role = role(name);
		checkPermission(permission);
		this.selfGrant.checkRoleChange(caller, name, permission, now);
		this.grantorHolds.checkAddition(caller, name, permission, scope);
		if (role.permissions().get(permission) == scope) {
			return role;
		}
		this.transaction.executeWithoutResult((status) -> {
			this.roles.putPermission(name, permission, scope);
			this.changes.changed();
			record(caller, name, "grant_permission",
					Map.of("role", name.value(), "permission", permission, "scope", scope.wire(), "change", "add"));
		});
		return role(name);
	}

	public void removePermission(Caller caller, RoleName name, String permission) {
		Instant now = this.clock.instant();
		Role role = role(name);
		checkPermission(permission);
		this.selfGrant.checkRoleChange(caller, name, permission, now);
		PermissionScope scope = role.permissions().get(permission);
		if (scope == null) {
			return;
		}
		this.transaction.executeWithoutResult((status) -> {
			boolean changed = this.roles.removePermission(name, permission);
			this.changes.changed();
			if (changed) {
				record(caller, name, "revoke_permission", Map.of("role", name.value(), "permission", permission,
						"scope", scope.wire(), "change", "remove"));
				this.guards.check(new AccessChange.PermissionRemoved(caller.actor(), name.value(), permission));
			}
		});
	}

	/** Deletes a role that is not built in; its grants go with it. */
	public void delete(Caller caller, RoleName name) {
		Role role = role(name);
		if (role.builtIn()) {
			throw new CountersignException(ErrorCode.ERR_BUILT_IN_ROLE,
					"The role '" + name + "' is built in and cannot be deleted.");
		}
		this.transaction.executeWithoutResult((status) -> {
			long held = this.grants.grantsOf(name);
			this.roles.delete(name);
			this.changes.changed();
			record(caller, name, "delete", Map.of("role", name.value(), "grantsRemoved", held, "change", "delete"));
			this.guards.check(new AccessChange.RoleDeleted(caller.actor(), name.value()));
		});
	}

	private void checkPermission(String permission) {
		if (!this.roles.permissionExists(permission)) {
			throw new CountersignException(ErrorCode.ERR_UNKNOWN_PERMISSION,
					"No permission is named '" + permission + "'.");
		}
	}

	// in the transaction of the change
	private void record(Caller caller, RoleName role, String action, Map<String, Object> details) {
		this.audit.record(EventDraft.of(EVENT, caller.actor())
			.withAction(action)
			.withResource(new Resource("role", role.value()))
			.withDetails(details));
	}

	private static CountersignException exists(RoleName name) {
		return new CountersignException(ErrorCode.ERR_ROLE_EXISTS, "A role named '" + name + "' exists.");
	}

}
