package io.countersign.server.access.internal.roles;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.RoleName;
import io.countersign.server.access.internal.accounts.AccountId;
import io.countersign.server.access.internal.accounts.Accounts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code role_grant} table. */
@Repository
public class RoleGrants {

	private final JdbcClient jdbc;

	RoleGrants(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public List<RoleGrant> of(AccountId accountId) {
		return this.jdbc.sql("""
				SELECT account_id, role_name, granted_by, granted_at, expires_at, source
				FROM role_grant WHERE account_id = ? ORDER BY role_name
				""").param(accountId.value()).query(RoleGrants::grant).list();
	}

	Optional<RoleGrant> find(AccountId accountId, RoleName role) {
		return this.jdbc.sql("""
				SELECT account_id, role_name, granted_by, granted_at, expires_at, source
				FROM role_grant WHERE account_id = ? AND role_name = ?
				""").params(accountId.value(), role.value()).query(RoleGrants::grant).optional();
	}

	/** Grants the role, replacing an earlier grant of the same role (e.g. its expiry). */
	public void put(RoleGrant grant) {
		this.jdbc.sql("DELETE FROM role_grant WHERE account_id = ? AND role_name = ?")
			.params(grant.accountId().value(), grant.role().value())
			.update();
		this.jdbc.sql("""
				INSERT INTO role_grant (account_id, role_name, granted_by, granted_at, expires_at, source)
				VALUES (?, ?, ?, ?, ?, ?)
				""")
			.params(grant.accountId().value(), grant.role().value(), grant.grantedBy(), Accounts.utc(grant.grantedAt()),
					grant.expiresAt().map(Accounts::utc).orElse(null), grant.source())
			.update();
	}

	public boolean remove(AccountId accountId, RoleName role) {
		return this.jdbc.sql("DELETE FROM role_grant WHERE account_id = ? AND role_name = ?")
			.params(accountId.value(), role.value())
			.update() > 0;
	}

	/** Active accounts holding {@code role} now, through a grant that has not expired. */
	long activeHolders(RoleName role, Instant now) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM role_grant g JOIN account a ON a.id = g.account_id
				WHERE g.role_name = ? AND a.status = 'active' AND (g.expires_at IS NULL OR g.expires_at > ?)
				""").params(role.value(), Accounts.utc(now)).query(Long.class).single();
	}

	/** Active accounts other than {@code accountId} holding {@code role} now. */
	public long activeHoldersOtherThan(RoleName role, AccountId accountId, Instant now) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM role_grant g JOIN account a ON a.id = g.account_id
				WHERE g.role_name = ? AND g.account_id <> ? AND a.status = 'active'
				  AND (g.expires_at IS NULL OR g.expires_at > ?)
				""").params(role.value(), accountId.value(), Accounts.utc(now)).query(Long.class).single();
	}

	/** How many accounts hold {@code role}, expired grants included. */
	long grantsOf(RoleName role) {
		return this.jdbc.sql("SELECT COUNT(*) FROM role_grant WHERE role_name = ?")
			.param(role.value())
			.query(Long.class)
			.single();
	}

	/**
	 * Whether a role the account holds now (unexpired grant) requires a second factor at
	 * password sign-in; read afresh, so a change to a role applies to the next sign-in.
	 */
	public boolean anyRequiresMfa(AccountId accountId, Instant now) {
		return this.jdbc.sql("""
				SELECT COUNT(*) FROM role_grant g JOIN role r ON r.name = g.role_name
				WHERE g.account_id = ? AND r.requires_mfa AND (g.expires_at IS NULL OR g.expires_at > ?)
				""").params(accountId.value(), Accounts.utc(now)).query(Long.class).single() > 0;
	}

	private static RoleGrant grant(ResultSet rs, int row) throws SQLException {
		return new RoleGrant(AccountId.of(rs.getString("account_id")), RoleName.of(rs.getString("role_name")),
				rs.getString("granted_by"), Accounts.instant(rs, "granted_at").orElseThrow(),
				Accounts.instant(rs, "expires_at"), rs.getString("source"));
	}

}
