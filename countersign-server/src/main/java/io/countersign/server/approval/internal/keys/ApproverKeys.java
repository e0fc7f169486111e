package io.countersign.server.approval.internal.keys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.ApproverKey;
import io.countersign.server.approval.internal.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code approver_key} table. */
@Repository
public class ApproverKeys {

	private final JdbcClient jdbc;

	ApproverKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(StoredKey key) {
		this.jdbc.sql("""
				INSERT INTO approver_key (id, owner, spki, fingerprint, created_at, revoked_at)
				VALUES (?, ?, ?, ?, ?, NULL)
				""")
			.params(key.id(), key.owner(), key.key().spki(), key.fingerprint(), Rows.utc(key.createdAt()))
			.update();
	}

	public Optional<StoredKey> find(String id) {
		return this.jdbc.sql("SELECT * FROM approver_key WHERE id = ?").param(id).query(ApproverKeys::key).optional();
	}

	Optional<StoredKey> byFingerprint(String fingerprint) {
		return this.jdbc.sql("SELECT * FROM approver_key WHERE fingerprint = ?")
			.param(fingerprint)
			.query(ApproverKeys::key)
			.optional();
	}

	List<StoredKey> of(String owner) {
		return this.jdbc.sql("SELECT * FROM approver_key WHERE owner = ? ORDER BY created_at, id")
			.param(owner)
			.query(ApproverKeys::key)
			.list();
	}

	/** Revokes the key if it is not revoked yet; whether it was. */
	boolean revoke(String id, Instant now) {
		return this.jdbc.sql("UPDATE approver_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
			.params(Rows.utc(now), id)
			.update() == 1;
	}

	private static StoredKey key(ResultSet rs, int row) throws SQLException {
		return new StoredKey(rs.getString("id"), rs.getString("owner"), ApproverKey.fromSpki(rs.getBytes("spki")),
				Rows.requiredInstant(rs, "created_at"), Rows.instant(rs, "revoked_at"));
	}

}
