package io.countersign.server.audit;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The rows of {@code ledger_entry} in index order, read once, front to back: by binary
 * COPY on PostgreSQL, by a JDBC cursor elsewhere (H2).
 */
interface LedgerRows extends AutoCloseable {

	String COLUMNS = "idx, leaf, leaf_hash, chain, key_version, subtree_hashes";

	static LedgerRows open(Connection connection) throws SQLException {
		return LedgerRowCopy.supports(connection) ? LedgerRowCopy.open(connection) : LedgerRowCursor.open(connection);
	}

	/** The next row, or null after the last one. */
	LedgerRow next() throws SQLException;

	@Override
	void close() throws SQLException;

	/** One row as stored, nothing decoded yet. */
	record LedgerRow(long index, byte[] leaf, byte[] leafHash, byte[] chain, int keyVersion, byte[] subtreeHashes) {
	}

}
