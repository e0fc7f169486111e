package io.countersign.server.access.internal.roles;

import java.util.Map;

import io.countersign.ledger.approval.RoleName;
import io.countersign.server.shared.PermissionScope;

/** A named set of permissions; seeded roles are built in and cannot be deleted. */
public record Role(RoleName name, String description, boolean requiresMfa, boolean builtIn,
		Map<String, PermissionScope> permissions) {

	public Role {
		permissions = Map.copyOf(permissions);
	}

}
