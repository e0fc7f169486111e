package io.countersign.server.approval.internal.execution;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.server.approval.internal.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code approval_execution} table: one row per executed request, inserted by the
 * claim (its primary key refuses a second claim outright).
 */
@Repository
public class Executions {

	private final JdbcClient jdbc;

	Executions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void claim(ApprovalRequestId id, int revision, String person, Instant now) {
		this.jdbc.sql("""
				INSERT INTO approval_execution (request_id, revision, claimed_by, claimed_at) VALUES (?, ?, ?, ?)
				""").params(id.toString(), revision, person, Rows.utc(now)).update();
	}

	void report(ApprovalRequestId id, String outcome, String result, String person, Instant now) {
		this.jdbc.sql("""
				UPDATE approval_execution SET outcome = ?, result = ?, reported_by = ?, reported_at = ?
				WHERE request_id = ? AND outcome IS NULL
				""").params(outcome, result, person, Rows.utc(now), id.toString()).update();
	}

	public Optional<Execution> of(ApprovalRequestId id) {
		return this.jdbc.sql("SELECT * FROM approval_execution WHERE request_id = ?")
			.param(id.toString())
			.query(Executions::execution)
			.optional();
	}

	private static Execution execution(ResultSet rs, int row) throws SQLException {
		return new Execution(ApprovalRequestId.of(rs.getString("request_id")), rs.getInt("revision"),
				rs.getString("claimed_by"), Rows.requiredInstant(rs, "claimed_at"),
				Optional.ofNullable(rs.getString("outcome")), Optional.ofNullable(rs.getString("result")),
				Optional.ofNullable(rs.getString("reported_by")), Rows.instant(rs, "reported_at"));
	}

}
