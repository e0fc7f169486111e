package io.countersign.server.notification.internal.inbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.countersign.server.storage.ChunkedDelete;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code notification_inbox} table: each person's notices, newest first (ids are
 * UUIDv7, so they sort by creation).
 */
@Repository
public class Inbox {

	private final JdbcClient jdbc;

	private final ChunkedDelete purging;

	/** Rows in one INSERT, well under any driver's limit on parameters. */
	static final int ROWS_PER_STATEMENT = 500;

	Inbox(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.purging = new ChunkedDelete(jdbc, dataSource);
	}

	/**
	 * Inserts the items with one multi-row statement per {@value #ROWS_PER_STATEMENT}: a
	 * request opened for fifty deciders is one statement, not fifty (a JDBC batch would
	 * still be fifty executions in the database).
	 */
	public void insert(List<InboxItem> items) {
		for (int from = 0; from < items.size(); from += ROWS_PER_STATEMENT) {
			List<InboxItem> chunk = items.subList(from, Math.min(items.size(), from + ROWS_PER_STATEMENT));
			List<Object> params = new ArrayList<>(chunk.size() * 8);
			for (InboxItem item : chunk) {
				params.addAll(Arrays.asList(item.id(), item.recipient(), item.topic(), item.requestId(), item.event(),
						item.title(), item.link(), utc(item.createdAt())));
			}
			this.jdbc
				.sql("INSERT INTO notification_inbox (id, recipient, topic, request_id, event, title, link, "
						+ "created_at) VALUES "
						+ String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?, ?, ?)")))
				.params(params)
				.update();
		}
	}

	/** The person's items newest first, unread ones only if asked, before a cursor. */
	public List<InboxItem> of(String recipient, boolean unreadOnly, Optional<String> before, int limit) {
		String sql = "SELECT id, recipient, topic, request_id, event, title, link, created_at, read_at FROM notification_inbox"
				+ " WHERE recipient = :recipient" + (unreadOnly ? " AND read_at IS NULL" : "")
				+ (before.isPresent() ? " AND id < :before" : "") + " ORDER BY id DESC FETCH FIRST " + limit
				+ " ROWS ONLY";
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql).param("recipient", recipient);
		if (before.isPresent()) {
			statement = statement.param("before", before.get());
		}
		return statement.query(Inbox::item).list();
	}

	public int unread(String recipient) {
		return this.jdbc.sql("SELECT COUNT(*) FROM notification_inbox WHERE recipient = ? AND read_at IS NULL")
			.param(recipient)
			.query(Integer.class)
			.single();
	}

	/**
	 * Marks the person's item read; false if they have no such item (someone else's is
	 * answered as missing).
	 */
	public boolean markRead(String recipient, String id, Instant now) {
		int found = this.jdbc.sql("SELECT COUNT(*) FROM notification_inbox WHERE id = ? AND recipient = ?")
			.params(id, recipient)
			.query(Integer.class)
			.single();
		if (found == 0) {
			return false;
		}
		this.jdbc.sql("UPDATE notification_inbox SET read_at = ? WHERE id = ? AND recipient = ? AND read_at IS NULL")
			.params(utc(now), id, recipient)
			.update();
		return true;
	}

	/**
	 * Marks the items about a request or alert as settled: it reached a final state, so
	 * they are history and retention may delete them once old enough. Call in the
	 * transaction that settles it.
	 */
	public void settle(String topic, String requestId, Instant at) {
		this.jdbc.sql("""
				UPDATE notification_inbox SET settled_at = ? WHERE topic = ? AND request_id = ? AND settled_at IS NULL
				""").params(utc(at), topic, requestId).update();
	}

	/** Marks only the items of these events about a request or alert as settled. */
	public void settle(String topic, String requestId, List<String> events, Instant at) {
		this.jdbc.sql("""
				UPDATE notification_inbox SET settled_at = :at
				WHERE topic = :topic AND request_id = :request AND event IN (:events) AND settled_at IS NULL
				""")
			.param("at", utc(at))
			.param("topic", topic)
			.param("request", requestId)
			.param("events", events)
			.update();
	}

	/**
	 * Deletes up to {@code limit} items created before {@code olderThan} that were read
	 * or are settled; answers how many. An unread item of an open request or alert is
	 * kept: it still asks someone to act. On PostgreSQL rows another sweep holds are
	 * skipped, so sweeps on several instances never wait on each other.
	 */
	public int purge(Instant olderThan, int limit) {
		return this.purging.delete("notification_inbox", "id",
				"created_at < :before AND (read_at IS NOT NULL OR settled_at IS NOT NULL)",
				Map.of("before", utc(olderThan)), limit);
	}

	private static InboxItem item(ResultSet rs, int row) throws SQLException {
		Timestamp read = rs.getTimestamp("read_at");
		return new InboxItem(rs.getString("id"), rs.getString("recipient"), rs.getString("topic"),
				rs.getString("request_id"), rs.getString("event"), rs.getString("title"), rs.getString("link"),
				rs.getTimestamp("created_at").toInstant(), Optional.ofNullable(read).map(Timestamp::toInstant));
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
