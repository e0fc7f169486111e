package io.countersign.server.approval.internal.rules;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.ParameterConstraints;
import io.countersign.ledger.json.Json;
import io.countersign.server.approval.internal.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code approval_standing_rule} table; rows are added and revoked, never deleted.
 */
@Repository
public class StandingRules {

	private static final String COLUMNS = """
			id, action_type, constraints, created_by, created_at, valid_until, reason, event_id, revoked_at, revoked_by""";

	private final JdbcClient jdbc;

	StandingRules(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(StoredRule rule) {
		this.jdbc
			.sql("INSERT INTO approval_standing_rule (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)")
			.params(rule.id(), rule.actionType(), Json.write(rule.constraints().toJson()), rule.createdBy(),
					Rows.utc(rule.createdAt()), Rows.utc(rule.until()), rule.reason(), rule.eventId())
			.update();
	}

	/** Revokes it unless already revoked; whether this call did. */
	boolean revoke(String id, String by, Instant now) {
		return this.jdbc
			.sql("UPDATE approval_standing_rule SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")
			.params(Rows.utc(now), by, id)
			.update() == 1;
	}

	Optional<StoredRule> find(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM approval_standing_rule WHERE id = ?")
			.param(id)
			.query(StandingRules::rule)
			.optional();
	}

	/** Every rule, newest first. */
	List<StoredRule> all() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM approval_standing_rule ORDER BY created_at DESC, id")
			.query(StandingRules::rule)
			.list();
	}

	/** The rules of {@code actionType} in force at {@code now}, oldest first. */
	List<StoredRule> inForce(String actionType, Instant now) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM approval_standing_rule
				WHERE action_type = ? AND revoked_at IS NULL AND valid_until > ?
				ORDER BY created_at, id
				""").params(actionType, Rows.utc(now)).query(StandingRules::rule).list();
	}

	private static StoredRule rule(ResultSet rs, int row) throws SQLException {
		return new StoredRule(rs.getString("id"), rs.getString("action_type"),
				ParameterConstraints.fromJson(Json.parse(rs.getString("constraints"))), rs.getString("created_by"),
				Rows.requiredInstant(rs, "created_at"), Rows.requiredInstant(rs, "valid_until"), rs.getString("reason"),
				rs.getString("event_id"), Rows.instant(rs, "revoked_at"),
				Optional.ofNullable(rs.getString("revoked_by")));
	}

}
