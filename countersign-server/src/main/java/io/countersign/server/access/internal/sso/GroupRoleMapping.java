package io.countersign.server.access.internal.sso;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which Countersign roles an identity provider's groups give, as configured in
 * {@code countersign.access.sso.role-mapping.<group>=<role>}. A group without a mapping
 * gives nothing; several groups may give the same role.
 */
record GroupRoleMapping(Map<String, String> groupToRole) {

	GroupRoleMapping {
		groupToRole = Map.copyOf(groupToRole);
	}

	/**
	 * Each role the groups give, with the first group (in name order) that gives it.
	 */
	SortedMap<String, String> rolesFor(Collection<String> groups) {
		SortedMap<String, String> roles = new TreeMap<>();
		for (String group : new TreeSet<>(groups)) {
			String role = this.groupToRole.get(group);
			if (role != null && !role.isBlank()) {
				roles.putIfAbsent(role.strip(), group);
			}
		}
		return roles;
	}

	/**
	 * The groups in a claim value: a JSON array of strings or, from some providers, a
	 * single string; anything else holds no group.
	 */
	static List<String> groups(Object claim) {
		if (claim instanceof Collection<?> values) {
			return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
		}
		if (claim instanceof String value) {
			return List.of(value);
		}
		return List.of();
	}

}
