package io.countersign.server.alert.internal.routing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.countersign.server.alert.AlertRaised;
import io.countersign.server.alert.Severity;
import io.countersign.server.storage.ChunkedDelete;
import io.countersign.server.storage.DatabaseKind;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code alert_routing} table. Due escalations are claimed with {@code FOR UPDATE
 * SKIP LOCKED} on PostgreSQL and marked in the claiming transaction, so across instances
 * each escalates once; closing an alert waits for a claim on its row and then finds it
 * escalated, or cancels it before anyone claims it.
 */
@Repository
class AlertRoutings {

	private static final String COLUMNS = """
			alert_id, rule, title, severity, subject, summary, first_seen, last_seen, hits, evidence, notified_at,
			escalation, escalate_at, closed_at
			""";

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	private volatile DatabaseKind database;

	private final ChunkedDelete purging;

	AlertRoutings(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
		this.purging = new ChunkedDelete(jdbc, dataSource);
	}

	/** The alert's row, locked until the transaction ends. */
	Optional<RoutedAlert> lock(String alertId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM alert_routing WHERE alert_id = ? FOR UPDATE")
			.param(alertId)
			.query(AlertRoutings::routed)
			.optional();
	}

	void insert(AlertRaised alert, Instant notifiedAt, Optional<Instant> escalateAt) {
		this.jdbc
			.sql("""
					INSERT INTO alert_routing (alert_id, rule, title, severity, subject, summary, first_seen, last_seen, hits,
					    evidence, notified_at, escalation, escalate_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
					""")
			.params(alert.alertId(), clip(alert.rule(), 64), clip(alert.title(), 500), alert.severity().name(),
					clip(alert.subject(), 500), clip(alert.summary(), 1000), utc(alert.firstSeen()),
					utc(alert.lastSeen()), alert.count(), evidence(alert.evidence()), utc(notifiedAt),
					escalateAt.isPresent() ? "pending" : "none", escalateAt.map(AlertRoutings::utc).orElse(null))
			.update();
	}

	/** Keeps the alert as its latest hit leaves it. */
	void update(AlertRaised alert) {
		this.jdbc.sql("""
				UPDATE alert_routing SET summary = ?, last_seen = ?, hits = ?, evidence = ? WHERE alert_id = ?
				""")
			.params(clip(alert.summary(), 1000), utc(alert.lastSeen()), alert.count(), evidence(alert.evidence()),
					alert.alertId())
			.update();
	}

	void notified(String alertId, Instant now) {
		this.jdbc.sql("UPDATE alert_routing SET notified_at = ? WHERE alert_id = ?").params(utc(now), alertId).update();
	}

	/** The alert was acknowledged or resolved: a pending escalation is cancelled. */
	void close(String alertId, Instant now) {
		this.jdbc.sql("""
				UPDATE alert_routing SET closed_at = COALESCE(closed_at, ?),
				    escalation = CASE WHEN escalation = 'pending' THEN 'cancelled' ELSE escalation END
				WHERE alert_id = ?
				""").params(utc(now), alertId).update();
	}

	/**
	 * Claims up to {@code limit} escalations due at {@code now}; they stay locked until
	 * the transaction ends, which must mark each {@link #escalated} or
	 * {@link #cancelled}. Call in a transaction.
	 */
	List<RoutedAlert> claimDue(Instant now, int limit) {
		String skipLocked = (kind() == DatabaseKind.POSTGRESQL) ? " SKIP LOCKED" : "";
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM alert_routing WHERE escalation = 'pending' AND escalate_at <= ?
				ORDER BY escalate_at, alert_id FETCH FIRST %d ROWS ONLY FOR UPDATE""".formatted(limit) + skipLocked)
			.param(utc(now))
			.query(AlertRoutings::routed)
			.list();
	}

	void escalated(String alertId, Instant now) {
		this.jdbc.sql("UPDATE alert_routing SET escalation = 'escalated', escalated_at = ? WHERE alert_id = ?")
			.params(utc(now), alertId)
			.update();
	}

	void cancelled(String alertId) {
		this.jdbc.sql("UPDATE alert_routing SET escalation = 'cancelled' WHERE alert_id = ?").param(alertId).update();
	}

	/**
	 * Deletes up to {@code limit} rows of alerts closed before {@code olderThan} whose
	 * last hit is older too, so no further hit can reach them and find them gone; answers
	 * how many. Never a pending escalation (the only rows the escalation job locks), and
	 * on PostgreSQL rows another sweep holds are skipped.
	 */
	int purge(Instant olderThan, int limit) {
		return this.purging.delete("alert_routing", "alert_id",
				"closed_at < :before AND last_seen < :before AND escalation <> 'pending'",
				Map.of("before", utc(olderThan)), limit);
	}

	private DatabaseKind kind() {
		DatabaseKind known = this.database;
		if (known == null) {
			known = DatabaseKind.of(this.dataSource);
			this.database = known;
		}
		return known;
	}

	private static RoutedAlert routed(ResultSet rs, int row) throws SQLException {
		String evidence = rs.getString("evidence");
		return new RoutedAlert(rs.getString("alert_id"), rs.getString("rule"), rs.getString("title"),
				Severity.valueOf(rs.getString("severity")), rs.getString("subject"), rs.getString("summary"),
				instant(rs, "first_seen").orElseThrow(), instant(rs, "last_seen").orElseThrow(), rs.getLong("hits"),
				evidence.isEmpty() ? List.of() : Arrays.stream(evidence.split(",")).map(Long::valueOf).toList(),
				instant(rs, "notified_at").orElseThrow(),
				RoutedAlert.Escalation.valueOf(rs.getString("escalation").toUpperCase(Locale.ROOT)),
				instant(rs, "escalate_at"), instant(rs, "closed_at"));
	}

	// the evidence of one hit is a handful of indexes; a column of 4000 characters holds
	// well over 200 of them, and the alert engine keeps them all
	private static String evidence(List<Long> indexes) {
		String joined = indexes.stream().map(String::valueOf).collect(Collectors.joining(","));
		return (joined.length() <= 4000) ? joined : joined.substring(0, joined.lastIndexOf(',', 4000));
	}

	private static String clip(String text, int max) {
		return (text.length() > max) ? text.substring(0, max - 1) + "…" : text;
	}

	private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
