package io.countersign.server.compliance.internal.reports;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code compliance_report} table (V17): the jobs and their files. */
@Repository
class ReportRows {

	private static final String COLUMNS = """
			id, framework, period_from, period_to, format, email, requested_by, requested_at, state, progress,
			stage, error, sha256, ledger_index, finished_at, email_state, email_error, requester_kind
			""";

	private static final String UNFINISHED = "state IN ('queued', 'running')";

	private final JdbcClient jdbc;

	ReportRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A job to be run by {@code instance}, its lease starting now. */
	void insert(ReportJob job, String instance) {
		this.jdbc.sql("""
				INSERT INTO compliance_report (id, framework, period_from, period_to, format, email, requested_by,
				    requester_kind, requested_at, state, progress, stage, instance, heartbeat_at)
				VALUES (:id, :framework, :from, :to, :format, :email, :by, :kind, :at, 'queued', 0, 'queued',
				    :instance, :at)
				""")
			.param("instance", instance)
			.param("id", job.id())
			.param("framework", job.framework())
			.param("from", utc(job.from()))
			.param("to", utc(job.to()))
			.param("format", job.format())
			.param("email", job.email().orElse(null))
			.param("by", job.requestedBy())
			.param("kind", job.requesterKind())
			.param("at", utc(job.requestedAt()))
			.update();
	}

	/**
	 * Moves an unfinished job along; false if it is finished already, e.g. failed by
	 * another server that took this one for stopped.
	 */
	boolean progress(String id, int percent, String stage) {
		return this.jdbc
			.sql("UPDATE compliance_report SET state = 'running', progress = ?, stage = ? WHERE id = ? AND "
					+ UNFINISHED)
			.params(percent, stage, id)
			.update() == 1;
	}

	/** Renews the lease of every unfinished job of {@code instance}. */
	void heartbeat(String instance, Instant now) {
		this.jdbc.sql("UPDATE compliance_report SET heartbeat_at = ? WHERE instance = ? AND " + UNFINISHED)
			.params(utc(now), instance)
			.update();
	}

	/** An unfinished job whose last heartbeat is older than the lease. */
	record Lapsed(String id, String instance, Instant lastHeartbeat) {
	}

	List<Lapsed> lapsed(Instant heartbeatBefore, String liveInstance) {
		// jobs from before V18 have no heartbeat: their request time stands for it. The
		// asking server's own jobs never lapse: it is alive and renews them, and a job
		// stored between its renewal and this query must not look dead.
		return this.jdbc
			.sql("SELECT id, instance, COALESCE(heartbeat_at, requested_at) AS beat FROM compliance_report WHERE "
					+ UNFINISHED + " AND COALESCE(heartbeat_at, requested_at) < ?"
					+ " AND (instance IS NULL OR instance <> ?) ORDER BY requested_at")
			.params(utc(heartbeatBefore), liveInstance)
			.query((rs, row) -> new Lapsed(rs.getString("id"),
					Optional.ofNullable(rs.getString("instance")).orElse("a server before V18"),
					instant(rs.getObject("beat", OffsetDateTime.class))))
			.list();
	}

	/** Fails a lapsed job, unless its server renewed the lease meanwhile. */
	boolean failLapsed(String id, Instant heartbeatBefore, String error, Instant at) {
		return this.jdbc
			.sql("UPDATE compliance_report SET state = 'failed', stage = 'failed', error = ?, finished_at = ? "
					+ "WHERE id = ? AND " + UNFINISHED + " AND COALESCE(heartbeat_at, requested_at) < ?")
			.params(limit(error), utc(at), id, utc(heartbeatBefore))
			.update() == 1;
	}

	void signed(String id, String sha256) {
		this.jdbc.sql("UPDATE compliance_report SET sha256 = ? WHERE id = ?").params(sha256, id).update();
	}

	void proven(String id, long ledgerIndex) {
		this.jdbc.sql("UPDATE compliance_report SET ledger_index = ? WHERE id = ?").params(ledgerIndex, id).update();
	}

	/** Stores the finished file; false if the job was failed meanwhile. */
	boolean ready(String id, byte[] content, String contentType, Instant at) {
		return this.jdbc.sql("""
				UPDATE compliance_report SET state = 'ready', progress = 100, stage = 'ready', content = ?,
				    content_type = ?, finished_at = ? WHERE id = ? AND state IN ('queued', 'running')
				""").params(content, contentType, utc(at), id).update() == 1;
	}

	void failed(String id, String error, Instant at) {
		this.jdbc
			.sql("UPDATE compliance_report SET state = 'failed', stage = 'failed', error = ?, finished_at = ? "
					+ "WHERE id = ? AND " + UNFINISHED)
			.params(limit(error), utc(at), id)
			.update();
	}

	void emailed(String id, Optional<String> error) {
		this.jdbc.sql("UPDATE compliance_report SET email_state = ?, email_error = ? WHERE id = ?")
			.params(error.isPresent() ? "failed" : "sent", error.map(ReportRows::limit).orElse(null), id)
			.update();
	}

	Optional<ReportJob> find(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM compliance_report WHERE id = ?")
			.param(id)
			.query((rs, row) -> new ReportJob(rs.getString("id"), rs.getString("framework"),
					instant(rs.getObject("period_from", OffsetDateTime.class)),
					instant(rs.getObject("period_to", OffsetDateTime.class)), rs.getString("format"),
					Optional.ofNullable(rs.getString("email")), rs.getString("requested_by"),
					rs.getString("requester_kind"), instant(rs.getObject("requested_at", OffsetDateTime.class)),
					rs.getString("state"), rs.getInt("progress"), rs.getString("stage"),
					Optional.ofNullable(rs.getString("error")), Optional.ofNullable(rs.getString("sha256")),
					Optional.ofNullable((Long) rs.getObject("ledger_index", Long.class)),
					Optional.ofNullable(rs.getObject("finished_at", OffsetDateTime.class)).map(ReportRows::instant),
					Optional.ofNullable(rs.getString("email_state")), Optional.ofNullable(rs.getString("email_error"))))
			.optional();
	}

	Optional<byte[]> content(String id) {
		return this.jdbc.sql("SELECT content FROM compliance_report WHERE id = ? AND state = 'ready'")
			.param(id)
			.query((rs, row) -> rs.getBytes(1))
			.optional();
	}

	private static String limit(String text) {
		return (text.length() <= 1000) ? text : text.substring(0, 997) + "...";
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static Instant instant(OffsetDateTime time) {
		return time.toInstant();
	}

}
