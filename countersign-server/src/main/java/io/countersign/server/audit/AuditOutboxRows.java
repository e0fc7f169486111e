package io.countersign.server.audit;

import java.sql.Connection;
import java.sql.SQLException;

import io.countersign.server.audit.internal.OfflineOutbox;

/**
 * The audit outbox for offline tools: an event written with {@link #insert} commits or
 * rolls back with the connection's transaction, like {@link AuditTrail#record}, and
 * reaches the ledger when a server drains the outbox (at the latest when one starts).
 */
public final class AuditOutboxRows {

	private AuditOutboxRows() {
	}

	/** Inserts the event in the connection's current transaction; returns its id. */
	public static String insert(Connection connection, EventDraft draft) throws SQLException {
		return OfflineOutbox.insert(connection, draft);
	}

}
