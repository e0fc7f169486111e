package io.countersign.server.access;

import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who holds which role now, and which person stands behind an account, for features that
 * count people (approvals): a user account is one person, named by its user name (the
 * ledger's actor id), however many tokens or sessions act for it; a service account is
 * the person who owns it (docs/decisions/020). Read afresh, expired grants left out.
 */
@Component
public class People {

	private final JdbcClient jdbc;

	People(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The person behind the account {@code username}: a user account is itself, a service
	 * account its owner; empty for a service account without an owner (created before
	 * owners existed) and for an unknown account.
	 */
	public Optional<String> personOf(String username) {
		return this.jdbc.sql("SELECT kind, owner FROM account WHERE username = ?")
			.param(username)
			.query((rs, row) -> Optional.ofNullable("service".equals(rs.getString(1)) ? rs.getString(2) : username))
			.optional()
			.flatMap((person) -> person);
	}

	/**
	 * Where notifications to the active account {@code username} go by e-mail, if it has
	 * an address.
	 */
	public Optional<String> emailOf(String username) {
		return this.jdbc.sql("SELECT email FROM account WHERE username = ? AND status = 'active'")
			.param(username)
			.query((rs, row) -> Optional.ofNullable(rs.getString(1)))
			.optional()
			.flatMap((email) -> email);
	}

	/**
	 * The roles the active account {@code username} holds at {@code now}, sorted; none
	 * for an archived or unknown account.
	 */
	public Set<String> rolesOf(String username, Instant now) {
		return new TreeSet<>(this.jdbc.sql("""
				SELECT g.role_name FROM role_grant g JOIN account a ON a.id = g.account_id
				WHERE a.username = ? AND a.status = 'active' AND (g.expires_at IS NULL OR g.expires_at > ?)
				""").params(username, utc(now)).query(String.class).list());
	}

	/**
	 * Every active user account holding one of {@code roles} at {@code now}, by user
	 * name, with the ones of {@code roles} it holds: the people who could decide. Service
	 * accounts are left out, since they never decide.
	 */
	public Map<String, Set<String>> holdersOf(Collection<String> roles, Instant now) {
		Map<String, Set<String>> holders = new TreeMap<>();
		if (roles.isEmpty()) {
			return holders;
		}
		this.jdbc
			.sql("""
					SELECT a.username, g.role_name FROM role_grant g JOIN account a ON a.id = g.account_id
					WHERE g.role_name IN (:roles) AND a.kind = 'user' AND a.status = 'active' AND (g.expires_at IS NULL OR g.expires_at > :now)
					""")
			.param("roles", roles)
			.param("now", utc(now))
			.query((ResultSet rs) -> {
				holders.computeIfAbsent(rs.getString(1), (name) -> new TreeSet<>()).add(rs.getString(2));
			});
		return holders;
	}

	/**
	 * How many accounts there are at {@code now}: active user and service accounts,
	 * archived ones, and active accounts holding {@code admin}.
	 */
	public AccountCounts accountCounts(Instant now) {
		return this.jdbc.sql("""
				SELECT
				  (SELECT COUNT(*) FROM account WHERE status = 'active' AND kind = 'user'),
				  (SELECT COUNT(*) FROM account WHERE status = 'active' AND kind = 'service'),
				  (SELECT COUNT(*) FROM account WHERE status = 'archived'),
				  (SELECT COUNT(DISTINCT a.id) FROM role_grant g JOIN account a ON a.id = g.account_id
				   WHERE g.role_name = 'admin' AND a.status = 'active' AND (g.expires_at IS NULL OR g.expires_at > ?))
				""")
			.param(utc(now))
			.query((rs, row) -> new AccountCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
			.single();
	}

	/** Account counts, as a compliance report states them. */
	public record AccountCounts(long activeUsers, long activeServiceAccounts, long archived, long admins) {

	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
