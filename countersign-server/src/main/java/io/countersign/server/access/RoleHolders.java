package io.countersign.server.access;

import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which roles exist and who may act through them, for features that check that enough
 * people remain (approval quorums): one active account is one person, named by its user
 * name. Reads the current transaction's view, so a change not yet committed is seen by
 * the transaction that makes it.
 */
@Component
public class RoleHolders {

	private final JdbcClient jdbc;

	RoleHolders(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The names of {@code roles} that no role has, sorted. */
	public Set<String> unknown(Collection<String> roles) {
		Set<String> unknown = new TreeSet<>(roles);
		if (!unknown.isEmpty()) {
			unknown.removeAll(this.jdbc.sql("SELECT name FROM role WHERE name IN (:roles)")
				.param("roles", roles)
				.query(String.class)
				.list());
		}
		return unknown;
	}

	/**
	 * Every active account holding one of {@code roles} at {@code now} that also holds
	 * {@code permission} (in any scope, through any role in force), by user name, with
	 * the ones of {@code roles} it holds.
	 * @param people only user accounts (people), not service accounts
	 */
	public Map<String, Set<String>> holdersWithPermission(Collection<String> roles, String permission, Instant now,
			boolean people) {
		Map<String, Set<String>> holders = new TreeMap<>();
		if (roles.isEmpty()) {
			return holders;
		}
		this.jdbc.sql("""
				SELECT a.username, g.role_name FROM role_grant g JOIN account a ON a.id = g.account_id
				WHERE g.role_name IN (:roles) AND a.status = 'active' AND (g.expires_at IS NULL OR g.expires_at > :now)
				  AND EXISTS (SELECT 1 FROM role_grant h JOIN role_permission p ON p.role_name = h.role_name
				              WHERE h.account_id = a.id AND p.permission_name = :permission
				                AND (h.expires_at IS NULL OR h.expires_at > :now))
				""" + (people ? " AND a.kind = 'user'" : ""))
			.param("roles", roles)
			.param("permission", permission)
			.param("now", utc(now))
			.query((ResultSet rs) -> {
				holders.computeIfAbsent(rs.getString(1), (name) -> new TreeSet<>()).add(rs.getString(2));
			});
		return holders;
	}

	/** How many active accounts hold {@code role} at {@code now}. */
	public int activeHolders(String role, Instant now) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM role_grant g JOIN account a ON a.id = g.account_id
				WHERE g.role_name = ? AND a.status = 'active' AND (g.expires_at IS NULL OR g.expires_at > ?)
				""").params(role, utc(now)).query(Integer.class).single();
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
