package io.countersign.server.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.countersign.ledger.verify.EntryBatch;

/**
 * Reads {@code ledger_entry} through a plain JDBC cursor with a fetch size (memory stays
 * bounded; needs the connection's transaction): the path for databases without binary
 * COPY.
 */
final class LedgerRowCursor implements LedgerRows {

	private static final int FETCH_SIZE = 2000;

	private final PreparedStatement select;

	private final ResultSet row;

	private LedgerRowCursor(PreparedStatement select, ResultSet row) {
		this.select = select;
		this.row = row;
	}

	static LedgerRowCursor open(Connection connection) throws SQLException {
		PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM ledger_entry ORDER BY idx");
		try {
			select.setFetchSize(FETCH_SIZE);
			return new LedgerRowCursor(select, select.executeQuery());
		}
		catch (SQLException ex) {
			select.close();
			throw ex;
		}
	}

	@Override
	public boolean fill(EntryBatch batch) throws SQLException {
		while (!batch.isFull()) {
			if (!this.row.next()) {
				return false;
			}
			byte[] leaf = this.row.getBytes(2);
			byte[] leafHash = this.row.getBytes(3);
			byte[] chain = this.row.getBytes(4);
			byte[] subtrees = this.row.getBytes(6);
			batch.add(this.row.getLong(1), leaf, 0, leaf.length, leafHash, 0, leafHash.length, chain, 0,
					(chain == null) ? EntryBatch.ABSENT : chain.length, this.row.getInt(5), subtrees, 0,
					subtrees.length);
			Instant ts = this.row.getObject(7, OffsetDateTime.class).toInstant();
			batch.storedTimestamp(
					Math.addExact(Math.multiplyExact(ts.getEpochSecond(), 1_000_000L), ts.getNano() / 1000));
			for (int i = 0; i < TEXT_COLUMNS.size(); i++) {
				String text = this.row.getString(8 + i);
				byte[] bytes = (text == null) ? null : text.getBytes(StandardCharsets.UTF_8);
				batch.storedText(TEXT_COLUMNS.get(i), bytes, 0, (bytes == null) ? EntryBatch.ABSENT : bytes.length);
			}
		}
		return true;
	}

	@Override
	public void close() throws SQLException {
		try (this.select) {
			this.row.close();
		}
	}

}
