package io.countersign.server.approval.internal.keys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.countersign.ledger.approval.ApproverKey;
import io.countersign.server.approval.internal.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code approver_key} table. */
@Repository
public class ApproverKeys {

	/** More parsed keys than this and the memo starts afresh. */
	private static final int MAX_PARSED = 10_000;

	private final JdbcClient jdbc;

	// Parsing a key checks its point (a modular square root): a decision reads its key
	// twice. The parse depends on the bytes alone, so it is remembered by them.
	private final Map<String, ApproverKey> parsed = new ConcurrentHashMap<>();

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
		return this.jdbc.sql("SELECT * FROM approver_key WHERE id = ?").param(id).query(this::key).optional();
	}

	Optional<StoredKey> byFingerprint(String fingerprint) {
		return this.jdbc.sql("SELECT * FROM approver_key WHERE fingerprint = ?")
			.param(fingerprint)
			.query(this::key)
			.optional();
	}

	List<StoredKey> of(String owner) {
		return this.jdbc.sql("SELECT * FROM approver_key WHERE owner = ? ORDER BY created_at, id")
			.param(owner)
			.query(this::key)
			.list();
	}

	/** Revokes the key if it is not revoked yet; whether it was. */
	boolean revoke(String id, Instant now) {
		return this.jdbc.sql("UPDATE approver_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
			.params(Rows.utc(now), id)
			.update() == 1;
	}

	private StoredKey key(ResultSet rs, int row) throws SQLException {
		return new StoredKey(rs.getString("id"), rs.getString("owner"), parse(rs.getBytes("spki")),
				Rows.requiredInstant(rs, "created_at"), Rows.instant(rs, "revoked_at"));
	}

	private ApproverKey parse(byte[] spki) {
		String bytes = Base64.getEncoder().encodeToString(spki);
		ApproverKey known = this.parsed.get(bytes);
		if (known != null) {
			return known;
		}
		ApproverKey key = ApproverKey.fromSpki(spki);
		if (this.parsed.size() >= MAX_PARSED) {
			this.parsed.clear();
		}
		this.parsed.put(bytes, key);
		return key;
	}

}
