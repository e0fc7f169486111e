package io.countersign.server.access.internal.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code account} table. */
@Repository
public class Accounts {

	private static final String COLUMNS = """
			id, username, display_name, kind, status, password_hash, totp_enabled, created_at, updated_at, archived_at,
			owner, email
			""";

	private final JdbcClient jdbc;

	Accounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<Account> findById(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE id = ?")
			.param(id)
			.query(Accounts::account)
			.optional();
	}

	public Optional<Account> findByUsername(String username) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE username = ?")
			.param(username)
			.query(Accounts::account)
			.optional();
	}

	public Optional<Account> findBySsoSubject(String issuer, String subject) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE sso_issuer = ? AND sso_subject = ?")
			.params(issuer, subject)
			.query(Accounts::account)
			.optional();
	}

	List<Account> list(boolean includeArchived) {
		String where = includeArchived ? "" : " WHERE status = 'active'";
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM account" + where + " ORDER BY username")
			.query(Accounts::account)
			.list();
	}

	public boolean isEmpty() {
		return this.jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single() == 0;
	}

	public void insert(Account account) {
		this.jdbc.sql("""
				INSERT INTO account (id, username, display_name, kind, status, password_hash, totp_enabled,
				    created_at, updated_at, owner, email)
				VALUES (?, ?, ?, ?, 'active', ?, FALSE, ?, ?, ?, ?)
				""")
			.params(account.id(), account.username(), account.displayName(), account.kind().wire(),
					account.passwordHash().orElse(null), utc(account.createdAt()), utc(account.updatedAt()),
					account.owner().orElse(null), account.email().orElse(null))
			.update();
	}

	void touch(String id, Instant now) {
		this.jdbc.sql("UPDATE account SET updated_at = ? WHERE id = ?").params(utc(now), id).update();
	}

	public void linkSsoSubject(AccountId id, String issuer, String subject) {
		this.jdbc.sql("UPDATE account SET sso_issuer = ?, sso_subject = ? WHERE id = ?")
			.params(issuer, subject, id.value())
			.update();
	}

	void updateDisplayName(AccountId id, String displayName, Instant now) {
		this.jdbc.sql("UPDATE account SET display_name = ?, updated_at = ? WHERE id = ?")
			.params(displayName, utc(now), id.value())
			.update();
	}

	void updateEmail(AccountId id, Optional<String> email, Instant now) {
		this.jdbc.sql("UPDATE account SET email = ?, updated_at = ? WHERE id = ?")
			.params(email.orElse(null), utc(now), id.value())
			.update();
	}

	void updateOwner(AccountId id, String owner, Instant now) {
		this.jdbc.sql("UPDATE account SET owner = ?, updated_at = ? WHERE id = ?")
			.params(owner, utc(now), id.value())
			.update();
	}

	public void updatePasswordHash(AccountId id, String passwordHash, Instant now) {
		this.jdbc.sql("UPDATE account SET password_hash = ?, updated_at = ? WHERE id = ?")
			.params(passwordHash, utc(now), id.value())
			.update();
	}

	public void archive(String id, Instant now) {
		this.jdbc.sql("UPDATE account SET status = 'archived', archived_at = ?, updated_at = ? WHERE id = ?")
			.params(utc(now), utc(now), id)
			.update();
	}

	/** The sealed TOTP secret of an account, if it has begun enrollment. */
	public Optional<byte[]> sealedTotpSecret(String id) {
		return this.jdbc.sql("SELECT totp_secret FROM account WHERE id = ? AND totp_secret IS NOT NULL")
			.param(id)
			.query((rs, row) -> rs.getBytes(1))
			.optional();
	}

	public void storeTotpSecret(String id, byte[] sealedSecret, boolean enabled, Instant now) {
		this.jdbc.sql("""
				UPDATE account SET totp_secret = ?, totp_enabled = ?, totp_last_step = NULL, updated_at = ?
				WHERE id = ?
				""").params(sealedSecret, enabled, utc(now), id).update();
	}

	/** Removes the second factor: no secret, not enabled. */
	public void clearTotp(String id, Instant now) {
		this.jdbc.sql("""
				UPDATE account SET totp_secret = NULL, totp_enabled = FALSE, totp_last_step = NULL, updated_at = ?
				WHERE id = ?
				""").params(utc(now), id).update();
	}

	public void enableTotp(String id, Instant now) {
		this.jdbc.sql("UPDATE account SET totp_enabled = TRUE, updated_at = ? WHERE id = ?")
			.params(utc(now), id)
			.update();
	}

	/**
	 * Records {@code step} as used if it is later than the last used one; false means the
	 * code was already used (a replay), decided atomically in the database.
	 */
	public boolean useTotpStep(String id, long step) {
		return this.jdbc.sql(
				"UPDATE account SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)")
			.params(step, id, step)
			.update() == 1;
	}

	public static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	public static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
	}

	private static Account account(ResultSet rs, int row) throws SQLException {
		return new Account(rs.getString("id"), rs.getString("username"), rs.getString("display_name"),
				AccountKind.fromWire(rs.getString("kind")), "archived".equals(rs.getString("status")),
				Optional.ofNullable(rs.getString("password_hash")), rs.getBoolean("totp_enabled"),
				instant(rs, "created_at").orElseThrow(), instant(rs, "updated_at").orElseThrow(),
				instant(rs, "archived_at"), Optional.ofNullable(rs.getString("owner")),
				Optional.ofNullable(rs.getString("email")));
	}

}
