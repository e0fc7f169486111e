package io.countersign.server.access.internal.roles;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.countersign.ledger.approval.RoleName;
import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.shared.PermissionScope;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code role}, {@code permission} and {@code role_permission} tables. */
@Repository
public class Roles {

	private final JdbcClient jdbc;

	Roles(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public List<Permission> permissions() {
		return this.jdbc.sql("SELECT name, description FROM permission ORDER BY name")
			.query((rs, row) -> new Permission(rs.getString(1), rs.getString(2)))
			.list();
	}

	boolean permissionExists(String name) {
		return this.jdbc.sql("SELECT COUNT(*) FROM permission WHERE name = ?")
			.param(name)
			.query(Long.class)
			.single() > 0;
	}

	public List<Role> all() {
		Map<String, Map<String, PermissionScope>> granted = new LinkedHashMap<>();
		this.jdbc.sql("SELECT role_name, permission_name, scope FROM role_permission").query((rs) -> {
			granted.computeIfAbsent(rs.getString(1), (role) -> new TreeMap<>())
				.put(rs.getString(2), PermissionScope.fromWire(rs.getString(3)));
		});
		return this.jdbc.sql("SELECT name, description, requires_mfa, built_in FROM role ORDER BY name")
			.query((rs, row) -> new Role(RoleName.of(rs.getString(1)), rs.getString(2), rs.getBoolean(3),
					rs.getBoolean(4), granted.getOrDefault(rs.getString(1), Map.of())))
			.list();
	}

	public Optional<Role> find(RoleName name) {
		Map<String, PermissionScope> permissions = new TreeMap<>();
		this.jdbc.sql("SELECT permission_name, scope FROM role_permission WHERE role_name = ?")
			.param(name.value())
			.query((rs) -> {
				permissions.put(rs.getString(1), PermissionScope.fromWire(rs.getString(2)));
			});
		return this.jdbc.sql("SELECT name, description, requires_mfa, built_in FROM role WHERE name = ?")
			.param(name.value())
			.query((rs, row) -> new Role(RoleName.of(rs.getString(1)), rs.getString(2), rs.getBoolean(3),
					rs.getBoolean(4), permissions))
			.optional();
	}

	public void insert(RoleName name, String description, boolean requiresMfa, Instant now) {
		this.jdbc.sql("""
				INSERT INTO role (name, description, requires_mfa, built_in, created_at)
				VALUES (?, ?, ?, FALSE, ?)
				""").params(name.value(), description, requiresMfa, Accounts.utc(now)).update();
	}

	public void update(RoleName name, String description, boolean requiresMfa) {
		this.jdbc.sql("UPDATE role SET description = ?, requires_mfa = ? WHERE name = ?")
			.params(description, requiresMfa, name.value())
			.update();
	}

	void delete(RoleName name) {
		this.jdbc.sql("DELETE FROM role WHERE name = ?").param(name.value()).update();
	}

	/**
	 * Gives the role the permission in {@code scope}, replacing an earlier scope. Delete
	 * and insert rather than update: a separate runtime role may delete and insert
	 * {@code role_permission} rows but not update them (V4 migration).
	 */
	void putPermission(RoleName role, String permission, PermissionScope scope) {
		removePermission(role, permission);
		this.jdbc.sql("INSERT INTO role_permission (role_name, permission_name, scope) VALUES (?, ?, ?)")
			.params(role.value(), permission, scope.wire())
			.update();
	}

	/**
	 * Locks the role's row until the transaction ends, so that checks about its holders
	 * are not raced by a concurrent change.
	 */
	void lock(RoleName name) {
		this.jdbc.sql("SELECT name FROM role WHERE name = ? FOR UPDATE")
			.param(name.value())
			.query(String.class)
			.optional();
	}

	boolean removePermission(RoleName role, String permission) {
		return this.jdbc.sql("DELETE FROM role_permission WHERE role_name = ? AND permission_name = ?")
			.params(role.value(), permission)
			.update() > 0;
	}

}
