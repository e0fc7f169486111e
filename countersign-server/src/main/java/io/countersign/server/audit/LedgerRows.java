package io.countersign.server.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.countersign.ledger.verify.DerivedColumn;
import io.countersign.ledger.verify.EntryBatch;

/**
 * The rows of {@code ledger_entry} in index order, read once, front to back: by binary
 * COPY on PostgreSQL, by a JDBC cursor elsewhere (H2).
 */
interface LedgerRows extends AutoCloseable {

	/** The row as verified: the stored tree and chain, then every derived column. */
	String COLUMNS = "idx, leaf, leaf_hash, chain, key_version, subtree_hashes, "
			+ Arrays.stream(DerivedColumn.values()).map(DerivedColumn::column).collect(Collectors.joining(", "));

	/** The text columns after {@code ts}, in {@link #COLUMNS} order. */
	List<DerivedColumn> TEXT_COLUMNS = DerivedColumn.texts();

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
