package io.countersign.server.access;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import io.countersign.server.access.internal.bootstrap.OfflineAdminToken;

/**
 * The way back from a lost admin token, for the {@code recover-admin} command: a new
 * token for an existing active admin account, audited through the outbox, written on a
 * plain JDBC connection so it works with the server stopped (docs/operations.md).
 */
public final class AdminRecovery {

	private AdminRecovery() {
	}

	/** A token just issued; {@link #token} exists nowhere else. */
	public record RecoveredToken(String tokenId, String token, Instant expiresAt, String eventId) {

		@Override
		public String toString() {
			return "RecoveredToken[" + this.tokenId + "]";
		}

	}

	/**
	 * Issues the token for the active admin account {@code username} and commits.
	 * @throws io.countersign.server.shared.CountersignException ERR_VALIDATION if no such
	 * account holds admin
	 */
	public static RecoveredToken issueToken(Connection connection, String username, Duration lifetime, Instant now)
			throws SQLException {
		return OfflineAdminToken.issue(connection, username, lifetime, now);
	}

}
