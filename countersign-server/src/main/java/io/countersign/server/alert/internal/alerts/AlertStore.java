package io.countersign.server.alert.internal.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.countersign.server.alert.Severity;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code alert} table. */
@Repository
class AlertStore {

	private static final String COLUMNS = "id, rule, title, severity, subject, state, summary, first_seen, last_seen, "
			+ "hits, evidence, evidence_omitted, opened_index, acknowledged_by, acknowledged_at, acknowledged_reason, "
			+ "resolved_by, resolved_at, resolved_reason";

	private final JdbcClient jdbc;

	AlertStore(DataSource dataSource) {
		this.jdbc = JdbcClient.create(dataSource);
	}

	/** The newest alert of this rule and subject that is not resolved. */
	Optional<Alert> latestUnresolved(String rule, String subject) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM alert WHERE rule = ? AND subject = ? AND state <> 'RESOLVED'"
					+ " ORDER BY opened_index DESC, id DESC FETCH FIRST 1 ROWS ONLY")
			.params(rule, subject)
			.query(AlertStore::alert)
			.optional();
	}

	Optional<Alert> find(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM alert WHERE id = ?")
			.param(id)
			.query(AlertStore::alert)
			.optional();
	}

	void insert(Alert alert) {
		this.jdbc
			.sql("INSERT INTO alert (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(alert.id(), alert.rule(), alert.title(), alert.severity().name(), alert.subject(),
					alert.state().name(), alert.summary(), utc(alert.firstSeen()), utc(alert.lastSeen()), alert.hits(),
					alert.evidence().text(), alert.evidence().omitted(), alert.openedIndex(),
					alert.acknowledged().map(Closing::by).orElse(null),
					alert.acknowledged().map((closing) -> utc(closing.at())).orElse(null),
					alert.acknowledged().map(Closing::reason).orElse(null),
					alert.resolved().map(Closing::by).orElse(null),
					alert.resolved().map((closing) -> utc(closing.at())).orElse(null),
					alert.resolved().map(Closing::reason).orElse(null))
			.update();
	}

	/**
	 * Stores a further hit, unless the alert was resolved meanwhile (then the hit opens a
	 * new alert); only the hit's columns change, so an acknowledgement at the same time
	 * is kept.
	 */
	boolean addHit(Alert alert) {
		return this.jdbc.sql("""
				UPDATE alert SET severity = ?, summary = ?, last_seen = ?, hits = ?, evidence = ?, evidence_omitted = ?
				WHERE id = ? AND state <> 'RESOLVED'
				""")
			.params(alert.severity().name(), alert.summary(), utc(alert.lastSeen()), alert.hits(),
					alert.evidence().text(), alert.evidence().omitted(), alert.id())
			.update() == 1;
	}

	/**
	 * Stores an acknowledgement or resolution if the alert is still in state
	 * {@code from}.
	 */
	boolean close(Alert alert, AlertState from) {
		return this.jdbc.sql("""
				UPDATE alert SET state = ?, acknowledged_by = ?, acknowledged_at = ?, acknowledged_reason = ?,
				  resolved_by = ?, resolved_at = ?, resolved_reason = ?
				WHERE id = ? AND state = ?
				""")
			.params(alert.state().name(), alert.acknowledged().map(Closing::by).orElse(null),
					alert.acknowledged().map((closing) -> utc(closing.at())).orElse(null),
					alert.acknowledged().map(Closing::reason).orElse(null),
					alert.resolved().map(Closing::by).orElse(null),
					alert.resolved().map((closing) -> utc(closing.at())).orElse(null),
					alert.resolved().map(Closing::reason).orElse(null), alert.id(), from.name())
			.update() == 1;
	}

	/** Alerts newest first (by the event that opened them), filtered, after a cursor. */
	List<Alert> page(AlertFilter filter, Optional<Alert> after, int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alert WHERE 1 = 1");
		filter.state().ifPresent((value) -> sql.append(" AND state = :state"));
		filter.severity().ifPresent((value) -> sql.append(" AND severity = :severity"));
		filter.rule().ifPresent((value) -> sql.append(" AND rule = :rule"));
		after.ifPresent((value) -> sql
			.append(" AND (opened_index < :openedIndex OR (opened_index = :openedIndex AND id < :afterId))"));
		sql.append(" ORDER BY opened_index DESC, id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql.toString());
		if (filter.state().isPresent()) {
			statement = statement.param("state", filter.state().get().name());
		}
		if (filter.severity().isPresent()) {
			statement = statement.param("severity", filter.severity().get().name());
		}
		if (filter.rule().isPresent()) {
			statement = statement.param("rule", filter.rule().get());
		}
		if (after.isPresent()) {
			statement = statement.param("openedIndex", after.get().openedIndex()).param("afterId", after.get().id());
		}
		return statement.query(AlertStore::alert).list();
	}

	private static Alert alert(ResultSet row, int n) throws SQLException {
		return new Alert(row.getString("id"), row.getString("rule"), row.getString("title"),
				Severity.valueOf(row.getString("severity")), row.getString("subject"),
				AlertState.valueOf(row.getString("state")), row.getString("summary"), instant(row, "first_seen"),
				instant(row, "last_seen"), row.getLong("hits"),
				CitedEntries.parse(row.getString("evidence"), row.getLong("evidence_omitted")),
				row.getLong("opened_index"), closing(row, "acknowledged"), closing(row, "resolved"));
	}

	private static Optional<Closing> closing(ResultSet row, String prefix) throws SQLException {
		String by = row.getString(prefix + "_by");
		if (by == null) {
			return Optional.empty();
		}
		return Optional.of(new Closing(by, instant(row, prefix + "_at"), row.getString(prefix + "_reason")));
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		return row.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
