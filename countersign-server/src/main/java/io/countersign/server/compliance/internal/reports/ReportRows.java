package io.countersign.server.compliance.internal.reports;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

	private final JdbcClient jdbc;

	ReportRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(ReportJob job) {
		this.jdbc.sql("""
				INSERT INTO compliance_report (id, framework, period_from, period_to, format, email, requested_by,
				    requester_kind, requested_at, state, progress, stage)
				VALUES (:id, :framework, :from, :to, :format, :email, :by, :kind, :at, 'queued', 0, 'queued')
				""")
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

	void progress(String id, int percent, String stage) {
		this.jdbc.sql("UPDATE compliance_report SET state = 'running', progress = ?, stage = ? WHERE id = ?")
			.params(percent, stage, id)
			.update();
	}

	void signed(String id, String sha256) {
		this.jdbc.sql("UPDATE compliance_report SET sha256 = ? WHERE id = ?").params(sha256, id).update();
	}

	void proven(String id, long ledgerIndex) {
		this.jdbc.sql("UPDATE compliance_report SET ledger_index = ? WHERE id = ?").params(ledgerIndex, id).update();
	}

	void ready(String id, byte[] content, String contentType, Instant at) {
		this.jdbc.sql("""
				UPDATE compliance_report SET state = 'ready', progress = 100, stage = 'ready', content = ?,
				    content_type = ?, finished_at = ? WHERE id = ?
				""").params(content, contentType, utc(at), id).update();
	}

	void failed(String id, String error, Instant at) {
		this.jdbc
			.sql("UPDATE compliance_report SET state = 'failed', stage = 'failed', error = ?, finished_at = ? "
					+ "WHERE id = ?")
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
