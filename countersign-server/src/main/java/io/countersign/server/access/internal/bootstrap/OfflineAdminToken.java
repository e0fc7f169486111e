package io.countersign.server.access.internal.bootstrap;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.AdminRecovery.RecoveredToken;
import io.countersign.server.access.internal.tokens.TokenHash;
import io.countersign.server.audit.AuditOutboxRows;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * A new API token for an existing, active admin account, written straight into the
 * database together with its {@code authn_token_created} event (reason {@code recovery})
 * in the audit outbox, in one transaction: the way back when every admin credential is
 * lost, for whoever has the database and the master key.
 */
public final class OfflineAdminToken {

	/** Who the ledger names as having issued the token: the operator's offline tool. */
	static final Actor RECOVERY = new Actor("countersign-recovery", "system");

	static final String NAME = "recovery";

	private OfflineAdminToken() {
	}

	/**
	 * Issues the token and its event in one transaction of {@code connection}, and
	 * commits.
	 */
	public static RecoveredToken issue(Connection connection, String username, Duration lifetime, Instant now)
			throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try {
			String accountId = activeAdmin(connection, username, now);
			String secret = BootstrapToken.newToken();
			String tokenId = UUID.randomUUID().toString();
			Instant expiresAt = now.plus(lifetime);
			try (PreparedStatement insert = connection.prepareStatement("""
					INSERT INTO access_token (id, token_hash, account_id, name, created_at, expires_at)
					VALUES (?, ?, ?, ?, ?, ?)
					""")) {
				insert.setString(1, tokenId);
				insert.setBytes(2, TokenHash.of(secret).bytes());
				insert.setString(3, accountId);
				insert.setString(4, NAME);
				insert.setObject(5, now.atOffset(ZoneOffset.UTC));
				insert.setObject(6, expiresAt.atOffset(ZoneOffset.UTC));
				insert.executeUpdate();
			}
			String eventId = AuditOutboxRows.insert(connection,
					EventDraft.of("authn_token_created", RECOVERY)
						.withAction("create")
						.withResource(new Resource("token", tokenId))
						.withDetails(Map.of("account", username, "name", NAME, "reason", "recovery", "expiresAt",
								expiresAt.toString())));
			connection.commit();
			return new RecoveredToken(tokenId, secret, expiresAt, eventId);
		}
		catch (SQLException | RuntimeException ex) {
			connection.rollback();
			throw ex;
		}
		finally {
			connection.setAutoCommit(autoCommit);
		}
	}

	private static String activeAdmin(Connection connection, String username, Instant now) throws SQLException {
		try (PreparedStatement select = connection.prepareStatement("""
				SELECT a.id, a.status,
				  (SELECT COUNT(*) FROM role_grant g WHERE g.account_id = a.id AND g.role_name = 'admin'
				     AND (g.expires_at IS NULL OR g.expires_at > ?)) AS admin_grants
				FROM account a WHERE a.username = ?
				""")) {
			select.setObject(1, now.atOffset(ZoneOffset.UTC));
			select.setString(2, username);
			try (ResultSet rs = select.executeQuery()) {
				if (!rs.next()) {
					throw refused("no account is named '" + username + "'");
				}
				if (!"active".equals(rs.getString("status"))) {
					throw refused("the account '" + username + "' is archived");
				}
				if (rs.getLong("admin_grants") == 0) {
					throw refused("the account '" + username + "' does not hold the admin role");
				}
				return rs.getString("id");
			}
		}
	}

	private static CountersignException refused(String why) {
		return new CountersignException(ErrorCode.ERR_VALIDATION,
				why + "; name an active admin account with --username (GET /api/v1/users lists them)");
	}

}
