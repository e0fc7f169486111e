package io.countersign.server.notification.internal.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import io.countersign.server.notification.internal.ChannelKind;
import io.countersign.server.storage.ChunkedDelete;
import io.countersign.server.storage.DatabaseKind;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code notification_delivery} table. A delivery is claimed for one attempt by
 * moving its next attempt past a lease; the claim locks with {@code SKIP LOCKED} on
 * PostgreSQL, so instances claiming at once take different rows, and the attempt count it
 * stamps lets only the claimant record the outcome.
 */
@Repository
public class Deliveries {

	private static final int MAX_ERROR = 1000;

	private static final String COLUMNS = """
			id, channel_id, kind, recipient, topic, request_id, event, step_event_id, subject, body, status, attempts,
			last_error, next_attempt_at, created_at, delivered_at
			""";

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	private volatile DatabaseKind database;

	private final ChunkedDelete purging;

	Deliveries(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
		this.purging = new ChunkedDelete(jdbc, dataSource);
	}

	public void insert(Delivery delivery) {
		this.jdbc.sql("""
				INSERT INTO notification_delivery (id, channel_id, kind, recipient, topic, request_id, event,
				    step_event_id, subject, body, status, attempts, next_attempt_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
				""")
			.params(delivery.id(), delivery.channelId().orElse(null), delivery.kind().wire(), delivery.recipient(),
					delivery.topic(), delivery.requestId(), delivery.event(), delivery.stepEventId(),
					delivery.subject(), delivery.body(), utc(delivery.nextAttemptAt()), utc(delivery.createdAt()))
			.update();
	}

	/**
	 * Claims up to {@code limit} due deliveries for one attempt each: their attempt count
	 * goes up and their next attempt moves to {@code leaseUntil}, so nobody else takes
	 * them while this attempt runs (or after it, should this instance die). Call in a
	 * transaction.
	 */
	List<Delivery> claim(int limit, Instant now, Instant leaseUntil) {
		String skipLocked = (kind() == DatabaseKind.POSTGRESQL) ? " SKIP LOCKED" : "";
		List<String> ids = this.jdbc.sql("""
				SELECT id FROM notification_delivery WHERE status = 'pending' AND next_attempt_at <= ?
				ORDER BY next_attempt_at, id FETCH FIRST %d ROWS ONLY FOR UPDATE""".formatted(limit) + skipLocked)
			.param(utc(now))
			.query(String.class)
			.list();
		if (ids.isEmpty()) {
			return List.of();
		}
		this.jdbc.sql(
				"UPDATE notification_delivery SET attempts = attempts + 1, next_attempt_at = :lease WHERE id IN (:ids)")
			.param("lease", utc(leaseUntil))
			.param("ids", ids)
			.update();
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM notification_delivery WHERE id IN (:ids)")
			.param("ids", ids)
			.query(Deliveries::delivery)
			.list();
	}

	/**
	 * Records the claimed attempt {@code attempt} as delivered, if still its claimant's;
	 * the last error of earlier attempts stays, as their history.
	 */
	boolean delivered(String id, int attempt, Instant now) {
		return this.jdbc.sql("""
				UPDATE notification_delivery SET status = 'delivered', delivered_at = ?
				WHERE id = ? AND status = 'pending' AND attempts = ?
				""").params(utc(now), id, attempt).update() == 1;
	}

	/** Records a failed attempt: tried again at {@code next}, or given up when empty. */
	boolean attemptFailed(String id, int attempt, String error, Optional<Instant> next) {
		if (next.isPresent()) {
			return this.jdbc.sql("""
					UPDATE notification_delivery SET last_error = ?, next_attempt_at = ?
					WHERE id = ? AND status = 'pending' AND attempts = ?
					""").params(clip(error), utc(next.get()), id, attempt).update() == 1;
		}
		return this.jdbc.sql("""
				UPDATE notification_delivery SET status = 'failed', last_error = ?
				WHERE id = ? AND status = 'pending' AND attempts = ?
				""").params(clip(error), id, attempt).update() == 1;
	}

	/** Gives up the deliveries of a removed channel that were not made. */
	public int giveUpChannel(String channelId) {
		return this.jdbc.sql("""
				UPDATE notification_delivery SET status = 'failed', last_error = 'channel removed'
				WHERE channel_id = ? AND status = 'pending'
				""").param(channelId).update();
	}

	/**
	 * Deletes up to {@code limit} deliveries made before {@code olderThan} that were
	 * delivered or given up; answers how many. The claim locks only pending rows, and on
	 * PostgreSQL this skips rows another sweep holds, so neither waits on the other.
	 */
	public int purge(Instant olderThan, int limit) {
		return this.purging.delete("notification_delivery", "id",
				"status IN ('delivered', 'failed') AND created_at < :before", Map.of("before", utc(olderThan)), limit);
	}

	/** Deliveries newest first, optionally of one status and channel, before a cursor. */
	public List<Delivery> page(Optional<Delivery.Status> status, Optional<String> channel, Optional<String> before,
			int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM notification_delivery WHERE 1 = 1");
		status.ifPresent((value) -> sql.append(" AND status = :status"));
		channel.ifPresent((value) -> sql.append(" AND channel_id = :channel"));
		before.ifPresent((value) -> sql.append(" AND id < :before"));
		sql.append(" ORDER BY id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql.toString());
		if (status.isPresent()) {
			statement = statement.param("status", status.get().wire());
		}
		if (channel.isPresent()) {
			statement = statement.param("channel", channel.get());
		}
		if (before.isPresent()) {
			statement = statement.param("before", before.get());
		}
		return statement.query(Deliveries::delivery).list();
	}

	public Optional<Delivery> find(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM notification_delivery WHERE id = ?")
			.param(id)
			.query(Deliveries::delivery)
			.optional();
	}

	private DatabaseKind kind() {
		DatabaseKind known = this.database;
		if (known == null) {
			known = DatabaseKind.of(this.dataSource);
			this.database = known;
		}
		return known;
	}

	private static String clip(String error) {
		return (error.length() > MAX_ERROR) ? error.substring(0, MAX_ERROR) : error;
	}

	private static Delivery delivery(ResultSet rs, int row) throws SQLException {
		return new Delivery(rs.getString("id"), Optional.ofNullable(rs.getString("channel_id")),
				ChannelKind.fromWire(rs.getString("kind")).orElseThrow(), rs.getString("recipient"),
				rs.getString("topic"), rs.getString("request_id"), rs.getString("event"), rs.getString("step_event_id"),
				rs.getString("subject"), rs.getString("body"),
				Delivery.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getInt("attempts"),
				Optional.ofNullable(rs.getString("last_error")), instant(rs, "next_attempt_at").orElseThrow(),
				instant(rs, "created_at").orElseThrow(), instant(rs, "delivered_at"));
	}

	private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
