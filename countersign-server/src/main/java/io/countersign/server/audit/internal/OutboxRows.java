package io.countersign.server.audit.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code audit_outbox} table: events of Countersign's own features, inserted in the
 * transaction of the change they record and deleted in the transaction that appends them
 * to the ledger.
 */
@Repository
class OutboxRows {

	private final JdbcClient jdbc;

	OutboxRows(DataSource dataSource) {
		this.jdbc = JdbcClient.create(dataSource);
	}

	private static final String INSERT = "INSERT INTO audit_outbox (event_id, leaf, created_at) VALUES (?, ?, ?)";

	/** Inserts on the connection of the current transaction, if there is one. */
	void insert(PreparedEvent prepared) {
		this.jdbc.sql(INSERT)
			.params(UUID.fromString(prepared.event().id()), prepared.leaf(), utc(prepared.event().ts()))
			.update();
	}

	/**
	 * Inserts in the given connection's transaction (tools that run without a server).
	 */
	static void insert(Connection connection, PreparedEvent prepared) throws SQLException {
		try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
			insert.setObject(1, UUID.fromString(prepared.event().id()));
			insert.setBytes(2, prepared.leaf());
			insert.setObject(3, utc(prepared.event().ts()));
			insert.executeUpdate();
		}
	}

	/** A stored event: its id and its leaf as prepared. */
	record Waiting(String eventId, byte[] leaf) {
	}

	/**
	 * The oldest rows, at most {@code limit}; with {@code createdBefore}, only those
	 * created before it.
	 */
	List<Waiting> oldest(Optional<Instant> createdBefore, int limit) {
		String where = createdBefore.isPresent() ? " WHERE created_at < ?" : "";
		JdbcClient.StatementSpec select = this.jdbc
			.sql("SELECT event_id, leaf FROM audit_outbox" + where + " ORDER BY created_at, event_id LIMIT ?");
		if (createdBefore.isPresent()) {
			select = select.param(utc(createdBefore.get()));
		}
		return select.param(limit)
			.query((rs, row) -> new Waiting(rs.getObject(1, UUID.class).toString(), rs.getBytes(2)))
			.list();
	}

	/**
	 * Deletes the rows of these events in the sequencer's transaction; each count is 1,
	 * or 0 where the row was already gone.
	 */
	static int[] delete(Connection connection, List<String> eventIds) throws SQLException {
		try (PreparedStatement delete = connection.prepareStatement("DELETE FROM audit_outbox WHERE event_id = ?")) {
			for (String id : eventIds) {
				delete.setObject(1, UUID.fromString(id));
				delete.addBatch();
			}
			int[] counts = delete.executeBatch();
			for (int count : counts) {
				if (count != 0 && count != 1) {
					// the driver did not say: deciding "appended elsewhere" on a guess
					// could lose or duplicate an event
					throw new SQLException("unexpected row count " + count + " deleting from audit_outbox");
				}
			}
			return counts;
		}
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
