package io.countersign.server.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import io.countersign.ledger.verify.DerivedColumn;
import io.countersign.ledger.verify.EntryBatch;

/**
 * The rows of {@code ledger_entry} in index order, read once, front to back: by binary
 * COPY on PostgreSQL, by a JDBC cursor elsewhere (H2).
 */
interface LedgerRows extends AutoCloseable {

	/** The row as verified: the stored tree and chain, then every derived column. */
	String COLUMNS = "idx, leaf, leaf_hash, chain, key_version, subtree_hashes, "
			+ "ts, type, actor_id, actor_type, action, resource_type, resource_id, outcome";

	/**
	 * The text columns after {@code ts}, in {@link #COLUMNS} order: every
	 * {@link DerivedColumn} but {@code TS}, in its order.
	 */
	List<DerivedColumn> TEXT_COLUMNS = Arrays.stream(DerivedColumn.values())
		.filter((column) -> column != DerivedColumn.TS)
		.toList();

	static LedgerRows open(Connection connection) throws SQLException {
		return LedgerRowCopy.supports(connection) ? LedgerRowCopy.open(connection) : LedgerRowCursor.open(connection);
	}

	/**
	 * Adds the next rows, as stored, to {@code batch} until it is full; returns false
	 * once the last row has been added.
	 */
	boolean fill(EntryBatch batch) throws SQLException;

	@Override
	void close() throws SQLException;

}
