package io.countersign.server.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.countersign.ledger.Hash;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code ledger_entry} table as readers see it: its size, one entry by index, and the
 * pages of entries a query picks. The sequencer writes through {@link LedgerWrites};
 * proofs read nodes through {@link ProofNodes}.
 */
@Repository
class LedgerEntries {

	private final JdbcClient jdbc;

	LedgerEntries(DataSource dataSource) {
		this.jdbc = JdbcClient.create(dataSource);
	}

	/** The number of entries committed so far. */
	long size() {
		return this.jdbc.sql("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entry").query(Long.class).single();
	}

	Optional<StoredRow> entry(long index) {
		return this.jdbc.sql("SELECT idx, leaf, leaf_hash, " + StoredRow.COLUMNS + " FROM ledger_entry WHERE idx = ?")
			.param(index)
			.query((row, n) -> storedRow(row))
			.optional();
	}

	/**
	 * One page of rows for a query. The filters pick rows by their columns; the caller
	 * re-checks every row's columns against its leaf. Each shape is served by one index:
	 * (actor_id, ts, idx), (type, ts, idx), (resource_type, resource_id, idx) or (ts,
	 * idx).
	 */
	List<StoredRow> find(EventQuery query) {
		List<String> where = new ArrayList<>();
		List<Object> params = new ArrayList<>();
		query.actor().ifPresent((value) -> condition(where, params, "actor_id = ?", value));
		query.type().ifPresent((value) -> condition(where, params, "type = ?", value));
		query.action().ifPresent((value) -> condition(where, params, "action = ?", value));
		query.resourceType().ifPresent((value) -> condition(where, params, "resource_type = ?", value));
		query.resourceId().ifPresent((value) -> condition(where, params, "resource_id = ?", value));
		query.outcome().ifPresent((value) -> condition(where, params, "outcome = ?", value));
		query.from().ifPresent((value) -> condition(where, params, "ts >= ?", utc(value)));
		query.to().ifPresent((value) -> condition(where, params, "ts < ?", utc(value)));
		// ts never decreases as idx grows, so on the resource index (which has no ts)
		// idx alone gives the same order as (ts, idx).
		boolean byResource = query.actor().isEmpty() && query.type().isEmpty() && query.resourceType().isPresent()
				&& query.resourceId().isPresent();
		String direction = query.newestFirst() ? "DESC" : "ASC";
		String past = query.newestFirst() ? "<" : ">";
		query.after().ifPresent((position) -> {
			if (byResource) {
				condition(where, params, "idx " + past + " ?", position.index());
			}
			else {
				where.add("(ts, idx) " + past + " (?, ?)");
				params.add(utc(position.ts()));
				params.add(position.index());
			}
		});
		String order = byResource ? "idx " + direction : "ts " + direction + ", idx " + direction;
		String sql = "SELECT idx, leaf, leaf_hash, " + StoredRow.COLUMNS + " FROM ledger_entry"
				+ (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY " + order + " LIMIT ?";
		params.add(query.limit());
		return this.jdbc.sql(sql).params(params).query((row, n) -> storedRow(row)).list();
	}

	private static void condition(List<String> where, List<Object> params, String sql, Object value) {
		where.add(sql);
		params.add(value);
	}

	// Node (L, k) lives in row ((k + 1) << L) - 1: level 0 is its leaf_hash, level L >= 1
	// bytes [(L - 1) * 32, L * 32) of its subtree_hashes.
	private static StoredRow storedRow(ResultSet row) throws SQLException {
		List<Optional<String>> texts = new ArrayList<>(StoredRow.TEXT_COLUMNS.size());
		for (int i = 0; i < StoredRow.TEXT_COLUMNS.size(); i++) {
			texts.add(Optional.ofNullable(row.getString(5 + i)));
		}
		return new StoredRow(row.getLong(1), row.getBytes(2), Hash.of(row.getBytes(3)), instant(row, 4), texts);
	}

	static Instant instant(ResultSet row, int column) throws SQLException {
		return row.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
