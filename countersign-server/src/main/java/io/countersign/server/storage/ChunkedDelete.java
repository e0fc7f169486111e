package io.countersign.server.storage;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes rows a chunk at a time, so a retention sweep never holds many row locks for
 * long. On PostgreSQL rows another sweep holds are skipped ({@code SKIP LOCKED}), so
 * sweeps on several instances never wait on each other. H2 (one instance) has no
 * {@code SKIP LOCKED}, and counted a row-limited {@code DELETE} short of what it deleted:
 * there the keys are read first.
 */
public final class ChunkedDelete {

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	private volatile DatabaseKind kind;

	public ChunkedDelete(JdbcClient jdbc, DataSource dataSource) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
	}

	/**
	 * Deletes up to {@code limit} rows of {@code table} matching {@code where} (SQL with
	 * named parameters from {@code parameters}); answers how many.
	 * @param key the column that identifies a row
	 */
	public int delete(String table, String key, String where, Map<String, ?> parameters, int limit) {
		String chunk = "SELECT " + key + " FROM " + table + " WHERE " + where + " FETCH FIRST " + limit + " ROWS ONLY";
		if (kind() == DatabaseKind.POSTGRESQL) {
			return this.jdbc
				.sql("DELETE FROM " + table + " WHERE " + key + " IN (" + chunk + " FOR UPDATE SKIP LOCKED)")
				.params(parameters)
				.update();
		}
		List<String> keys = this.jdbc.sql(chunk).params(parameters).query(String.class).list();
		return keys.isEmpty() ? 0
				: this.jdbc.sql("DELETE FROM " + table + " WHERE " + key + " IN (:keys)").param("keys", keys).update();
	}

	private DatabaseKind kind() {
		DatabaseKind known = this.kind;
		if (known == null) {
			known = DatabaseKind.of(this.dataSource);
			this.kind = known;
		}
		return known;
	}

}
