package io.countersign.server.approval.internal.delegations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.countersign.server.approval.internal.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code approval_delegation} table; rows are added and revoked, never deleted. */
@Repository
public class Delegations {

	private static final String COLUMNS = """
			id, delegator, delegate, valid_from, valid_until, action_types, reason, created_at, revoked_at, revoked_by""";

	private final JdbcClient jdbc;

	Delegations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(StoredDelegation delegation) {
		this.jdbc.sql("INSERT INTO approval_delegation (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)")
			.params(delegation.id(), delegation.delegator(), delegation.delegate(), Rows.utc(delegation.from()),
					Rows.utc(delegation.until()), Rows.names(delegation.actionTypes()), delegation.reason(),
					Rows.utc(delegation.createdAt()))
			.update();
	}

	/** Revokes it unless already revoked; whether this call did. */
	boolean revoke(String id, String by, Instant now) {
		return this.jdbc
			.sql("UPDATE approval_delegation SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")
			.params(Rows.utc(now), by, id)
			.update() == 1;
	}

	public Optional<StoredDelegation> find(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM approval_delegation WHERE id = ?")
			.param(id)
			.query(Delegations::delegation)
			.optional();
	}

	/** Every delegation {@code person} gave or received, newest first. */
	List<StoredDelegation> of(String person) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM approval_delegation WHERE delegator = ? OR delegate = ? ORDER BY created_at DESC, id")
			.params(person, person)
			.query(Delegations::delegation)
			.list();
	}

	/** The delegations from {@code delegator} to {@code delegate}, newest first. */
	List<StoredDelegation> between(String delegator, String delegate) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM approval_delegation WHERE delegator = ? AND delegate = ? ORDER BY created_at DESC, id")
			.params(delegator, delegate)
			.query(Delegations::delegation)
			.list();
	}

	/** The delegations {@code delegate} received that are in force at {@code now}. */
	public List<StoredDelegation> receivedInForce(String delegate, Instant now) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM approval_delegation
				WHERE delegate = ? AND revoked_at IS NULL AND valid_from <= ? AND valid_until > ?
				""").params(delegate, Rows.utc(now), Rows.utc(now)).query(Delegations::delegation).list();
	}

	private static StoredDelegation delegation(ResultSet rs, int row) throws SQLException {
		return new StoredDelegation(rs.getString("id"), rs.getString("delegator"), rs.getString("delegate"),
				Rows.requiredInstant(rs, "valid_from"), Rows.requiredInstant(rs, "valid_until"),
				Rows.names(rs.getString("action_types")), rs.getString("reason"),
				Rows.requiredInstant(rs, "created_at"), Rows.instant(rs, "revoked_at"),
				Optional.ofNullable(rs.getString("revoked_by")));
	}

}
