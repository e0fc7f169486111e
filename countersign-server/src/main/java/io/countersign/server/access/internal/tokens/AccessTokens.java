package io.countersign.server.access.internal.tokens;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.countersign.server.access.internal.accounts.AccountId;
import io.countersign.server.access.internal.accounts.Accounts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code access_token} table: token hashes, names, owners, expiry and revocation.
 * Tokens themselves are never stored.
 */
@Repository
public class AccessTokens {

	private static final String COLUMNS = "id, account_id, name, created_at, expires_at, revoked_at, last_used_at";

	private final JdbcClient jdbc;

	AccessTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<StoredToken> findByHash(TokenHash hash) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM access_token WHERE token_hash = ?")
			.param(hash.bytes())
			.query(AccessTokens::token)
			.optional();
	}

	Optional<StoredToken> findById(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM access_token WHERE id = ?")
			.param(id)
			.query(AccessTokens::token)
			.optional();
	}

	List<StoredToken> ofAccount(String accountId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM access_token WHERE account_id = ? ORDER BY created_at, id")
			.param(accountId)
			.query(AccessTokens::token)
			.list();
	}

	public boolean isEmpty() {
		return this.jdbc.sql("SELECT COUNT(*) FROM access_token").query(Long.class).single() == 0;
	}

	public boolean exists(TokenHash hash) {
		return this.jdbc.sql("SELECT COUNT(*) FROM access_token WHERE token_hash = ?")
			.param(hash.bytes())
			.query(Long.class)
			.single() > 0;
	}

	public StoredToken add(TokenHash hash, AccountId accountId, String name, Instant now, Optional<Instant> expiresAt) {
		String id = UUID.randomUUID().toString();
		this.jdbc.sql("""
				INSERT INTO access_token (id, token_hash, account_id, name, created_at, expires_at)
				VALUES (?, ?, ?, ?, ?, ?)
				""")
			.params(id, hash.bytes(), accountId.value(), name, Accounts.utc(now),
					expiresAt.map(Accounts::utc).orElse(null))
			.update();
		return new StoredToken(id, Optional.of(accountId.value()), name, now, expiresAt, Optional.empty(),
				Optional.empty());
	}

	/** Revokes the token unless already revoked; true if this call revoked it. */
	public boolean revoke(String id, Instant now) {
		return this.jdbc.sql("UPDATE access_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
			.params(Accounts.utc(now), id)
			.update() == 1;
	}

	/** Revokes every live token of an account (e.g. when it is archived). */
	public int revokeAllOf(String accountId, Instant now) {
		return this.jdbc.sql("UPDATE access_token SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL")
			.params(Accounts.utc(now), accountId)
			.update();
	}

	/**
	 * Records that the token was used at {@code now}, unless a use at or after
	 * {@code notBefore} is already stored (by this or another server instance); true if
	 * this call wrote. One autocommit statement when called outside a transaction.
	 */
	boolean recordUse(String id, Instant now, Instant notBefore) {
		return this.jdbc
			.sql("UPDATE access_token SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
			.params(Accounts.utc(now), id, Accounts.utc(notBefore))
			.update() == 1;
	}

	/** Gives tokens stored before accounts existed to {@code accountId}. */
	public int adoptOrphans(String accountId) {
		return this.jdbc.sql("UPDATE access_token SET account_id = ? WHERE account_id IS NULL")
			.param(accountId)
			.update();
	}

	private static StoredToken token(ResultSet rs, int row) throws SQLException {
		return new StoredToken(rs.getString("id"), Optional.ofNullable(rs.getString("account_id")),
				rs.getString("name"), Accounts.instant(rs, "created_at").orElseThrow(),
				Accounts.instant(rs, "expires_at"), Accounts.instant(rs, "revoked_at"),
				Accounts.instant(rs, "last_used_at"));
	}

}
