package io.countersign.server.access.internal.sessions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.access.internal.tokens.TokenHash;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code console_session} table. */
@Repository
class ConsoleSessionRows {

	private final JdbcClient jdbc;

	ConsoleSessionRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ConsoleSession session, TokenHash hash, Optional<String> ip, Optional<String> userAgent) {
		this.jdbc
			.sql("""
					INSERT INTO console_session (id, token_hash, account_id, created_at, last_seen_at, source_ip, user_agent)
					VALUES (?, ?, ?, ?, ?, ?, ?)
					""")
			.params(session.id(), hash.bytes(), session.accountId(), Accounts.utc(session.createdAt()),
					Accounts.utc(session.lastSeenAt()), ip.orElse(null), userAgent.orElse(null))
			.update();
	}

	/** The open session with this cookie token hash, if any. */
	Optional<ConsoleSession> findOpen(TokenHash hash) {
		return this.jdbc.sql("""
				SELECT id, account_id, created_at, last_seen_at FROM console_session
				WHERE token_hash = ? AND ended_at IS NULL
				""")
			.param(hash.bytes())
			.query((rs, row) -> new ConsoleSession(rs.getString(1), rs.getString(2),
					Accounts.instant(rs, "created_at").orElseThrow(),
					Accounts.instant(rs, "last_seen_at").orElseThrow()))
			.optional();
	}

	void touch(String id, Instant now) {
		this.jdbc.sql("UPDATE console_session SET last_seen_at = ? WHERE id = ? AND ended_at IS NULL")
			.params(Accounts.utc(now), id)
			.update();
	}

	/** Ends the session unless already ended; true if this call ended it. */
	boolean end(String id, String reason, Instant now) {
		return this.jdbc
			.sql("UPDATE console_session SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL")
			.params(Accounts.utc(now), reason, id)
			.update() == 1;
	}

	/**
	 * Open sessions last used before {@code idleSince} or started before
	 * {@code startedBefore}.
	 */
	List<ConsoleSession> openIdleOrOld(Instant idleSince, Instant startedBefore) {
		return this.jdbc.sql("""
				SELECT id, account_id, created_at, last_seen_at FROM console_session
				WHERE ended_at IS NULL AND (last_seen_at < ? OR created_at < ?)
				""")
			.params(Accounts.utc(idleSince), Accounts.utc(startedBefore))
			.query((rs, row) -> new ConsoleSession(rs.getString(1), rs.getString(2),
					Accounts.instant(rs, "created_at").orElseThrow(),
					Accounts.instant(rs, "last_seen_at").orElseThrow()))
			.list();
	}

	/** When the open session with this id signed in. */
	Optional<Instant> openSince(String id) {
		return this.jdbc.sql("SELECT created_at FROM console_session WHERE id = ? AND ended_at IS NULL")
			.param(id)
			.query((rs, row) -> Accounts.instant(rs, "created_at").orElseThrow())
			.optional();
	}

	List<String> openIdsOf(String accountId) {
		return this.jdbc.sql("SELECT id FROM console_session WHERE account_id = ? AND ended_at IS NULL")
			.param(accountId)
			.query(String.class)
			.list();
	}

}
