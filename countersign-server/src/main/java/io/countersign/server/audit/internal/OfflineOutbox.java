package io.countersign.server.audit.internal;

import java.sql.Connection;
import java.sql.SQLException;

import io.countersign.server.audit.EventDraft;

/**
 * Writes an event into {@code audit_outbox} on a plain JDBC connection, for tools that
 * change the database while no server may be running (the offline recovery command). The
 * event is prepared exactly as {@link AuditOutbox#record} prepares it; a running server's
 * {@link OutboxDrainer}, or the next one to start, appends it.
 */
public final class OfflineOutbox {

	private OfflineOutbox() {
	}

	/** Inserts the event in the connection's current transaction; returns its id. */
	public static String insert(Connection connection, EventDraft draft) throws SQLException {
		PreparedEvent prepared = PreparedEvent.prepare(draft, Sequencer.now(), "");
		OutboxRows.insert(connection, prepared);
		return prepared.event().id();
	}

}
