package io.countersign.server.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import javax.sql.DataSource;

import io.countersign.ledger.verify.Tampered;
import io.countersign.server.audit.AuditReading.VerificationStatus;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code ledger_verification_run} table: each verification of the whole ledger, who
 * started it, when it ended and how, kept beyond the server's memory of its latest runs.
 */
@Repository
class VerificationRecords {

	private static final int SUMMARY_LENGTH = 2000;

	private final JdbcClient jdbc;

	VerificationRecords(DataSource dataSource) {
		this.jdbc = JdbcClient.create(dataSource);
	}

	void started(VerificationRun run, String startedBy) {
		this.jdbc.sql("""
				INSERT INTO ledger_verification_run (id, started_by, started_at, state, entries_checked)
				VALUES (?, ?, ?, ?, 0)""")
			.params(run.id().toString(), startedBy, utc(run.startedAt()), run.state().name().toLowerCase())
			.update();
	}

	void finished(VerificationRun run) {
		this.jdbc.sql("""
				UPDATE ledger_verification_run SET finished_at = ?, state = ?, entries_checked = ?, summary = ?
				WHERE id = ?""")
			.params(run.finishedAt().map(VerificationRecords::utc).orElse(null), run.state().name().toLowerCase(),
					run.entriesChecked(), summary(run).orElse(null), run.id().toString())
			.update();
	}

	Optional<VerificationStatus> latest() {
		return this.jdbc.sql("""
				SELECT id, started_by, started_at, finished_at, state, entries_checked, summary
				FROM ledger_verification_run ORDER BY started_at DESC, id LIMIT 1""")
			.query((row, n) -> status(row))
			.optional();
	}

	Optional<VerificationStatus> find(String id) {
		return this.jdbc.sql("""
				SELECT id, started_by, started_at, finished_at, state, entries_checked, summary
				FROM ledger_verification_run WHERE id = ?""").param(id).query((row, n) -> status(row)).optional();
	}

	Optional<String> startedBy(String id) {
		return this.jdbc.sql("SELECT started_by FROM ledger_verification_run WHERE id = ?")
			.param(id)
			.query(String.class)
			.optional();
	}

	/** How a finished run ended, in one line. */
	static Optional<String> summary(VerificationRun run) {
		return run.outcome().map((outcome) -> {
			String text = outcome.result()
				.map((result) -> (result instanceof Tampered tampered) ? tampered.summary()
						: "intact: " + run.entriesChecked() + " entries and every checkpoint verified")
				.or(outcome::error)
				.orElse("");
			return (text.length() > SUMMARY_LENGTH) ? text.substring(0, SUMMARY_LENGTH) : text;
		});
	}

	private static VerificationStatus status(ResultSet row) throws SQLException {
		long checked = row.getLong("entries_checked");
		return new VerificationStatus(row.getString("id"), row.getString("started_by"), instant(row, "started_at"),
				Optional.ofNullable(row.getObject("finished_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
				row.getString("state"), checked, checked, Optional.ofNullable(row.getString("summary")));
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		return row.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
