package io.countersign.server.approval.internal.decisions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.internal.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code approval_decision} table; rows are only ever added. */
@Repository
public class Decisions {

	private static final String COLUMNS = """
			request_id, revision, person, ordinal, verdict, reason, roles, key_id, signature, decided_at, event_id, \
			delegate, delegation_id, standing_rule_id""";

	private final JdbcClient jdbc;

	Decisions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(StoredDecision decision) {
		this.jdbc
			.sql("INSERT INTO approval_decision (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(decision.requestId().toString(), decision.revision(), decision.person(), decision.ordinal(),
					decision.verdict().wireName(), decision.reason(), Rows.names(decision.roles()),
					orNull(decision.keyId()), orNull(decision.signature()), Rows.utc(decision.decidedAt()),
					decision.eventId(), decision.delegate().orElse(null), decision.delegation().orElse(null),
					decision.standingRule().orElse(null))
			.update();
	}

	/** The decisions on one revision, in the order made. */
	public List<StoredDecision> on(ApprovalRequestId id, int revision) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM approval_decision WHERE request_id = ? AND revision = ? ORDER BY ordinal")
			.params(id.toString(), revision)
			.query(Decisions::decision)
			.list();
	}

	/** Every decision on the request, revision by revision. */
	public List<StoredDecision> of(ApprovalRequestId id) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM approval_decision WHERE request_id = ? ORDER BY revision, ordinal")
			.param(id.toString())
			.query(Decisions::decision)
			.list();
	}

	// an auto-approval has no key and no signature: NULL in the table, empty in the
	// record
	private static String orNull(String value) {
		return value.isEmpty() ? null : value;
	}

	private static StoredDecision decision(ResultSet rs, int row) throws SQLException {
		return new StoredDecision(ApprovalRequestId.of(rs.getString("request_id")), rs.getInt("revision"),
				rs.getString("person"), rs.getInt("ordinal"), Verdict.fromWireName(rs.getString("verdict")),
				rs.getString("reason"), Rows.names(rs.getString("roles")),
				Optional.ofNullable(rs.getString("key_id")).orElse(""),
				Optional.ofNullable(rs.getString("signature")).orElse(""), Rows.requiredInstant(rs, "decided_at"),
				rs.getString("event_id"), Optional.ofNullable(rs.getString("delegate")),
				Optional.ofNullable(rs.getString("delegation_id")),
				Optional.ofNullable(rs.getString("standing_rule_id")));
	}

}
