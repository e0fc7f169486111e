package io.countersign.server.audit.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.Hash;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code ledger_checkpoint} table: signed notes by tree size. */
@Repository
class Checkpoints {

	private final JdbcClient jdbc;

	Checkpoints(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores a signed checkpoint; when another server already stored one for this size
	 * (same tree, same key), keeps theirs and returns it.
	 */
	String insert(long size, Hash root, String note) {
		try {
			this.jdbc.sql("""
					INSERT INTO ledger_checkpoint (tree_size, root_hash, note, created_at)
					VALUES (:size, :root, :note, :createdAt)
					""")
				.param("size", size)
				.param("root", root.bytes())
				.param("note", note)
				.param("createdAt", OffsetDateTime.now(ZoneOffset.UTC))
				.update();
			return note;
		}
		catch (DuplicateKeyException ex) {
			return bySize(size).orElseThrow(() -> ex);
		}
	}

	Optional<String> bySize(long size) {
		return this.jdbc.sql("SELECT note FROM ledger_checkpoint WHERE tree_size = :size")
			.param("size", size)
			.query(String.class)
			.optional();
	}

	/** The note with the largest tree size. */
	Optional<String> latest() {
		return this.jdbc.sql("SELECT note FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1")
			.query(String.class)
			.optional();
	}

	long latestSize() {
		return this.jdbc.sql("SELECT COALESCE(MAX(tree_size), -1) FROM ledger_checkpoint").query(Long.class).single();
	}

	/** Every stored note, oldest first, for full verification. */
	List<String> all() {
		return this.jdbc.sql("SELECT note FROM ledger_checkpoint ORDER BY tree_size").query(String.class).list();
	}

}
