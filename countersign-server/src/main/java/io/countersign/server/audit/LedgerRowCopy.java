package io.countersign.server.audit;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * Reads {@code ledger_entry} from PostgreSQL with {@code COPY … TO STDOUT (FORMAT
 * binary)}: bytea arrives as raw bytes (a plain query sends it as hex text, and pgjdbc
 * only switches to binary for statements it has prepared on the server), and the rows
 * stream without cursor round trips.
 *
 * <p>
 * Format: PostgreSQL "COPY" documentation, "Binary Format": an 11-byte signature, flags
 * and a header extension, then per row a 16-bit field count and per field a 32-bit length
 * (-1 for NULL) and the bytes, all big-endian; a field count of -1 ends the data.
 */
final class LedgerRowCopy implements LedgerRows {

	private static final byte[] SIGNATURE = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0 };

	private static final int FIELDS = 6;

	private final PGCopyInputStream copy;

	private final DataInputStream in;

	private LedgerRowCopy(PGCopyInputStream copy) {
		this.copy = copy;
		this.in = new DataInputStream(new BufferedInputStream(copy, 1 << 16));
	}

	static boolean supports(Connection connection) throws SQLException {
		return connection.isWrapperFor(PGConnection.class);
	}

	static LedgerRowCopy open(Connection connection) throws SQLException {
		PGCopyInputStream copy = new PGCopyInputStream(connection.unwrap(PGConnection.class),
				"COPY (SELECT " + COLUMNS + " FROM ledger_entry ORDER BY idx) TO STDOUT (FORMAT binary)");
		LedgerRowCopy rows = new LedgerRowCopy(copy);
		try {
			rows.readHeader();
		}
		catch (IOException | RuntimeException ex) {
			rows.close();
			throw new SQLException("cannot read the COPY header", ex);
		}
		return rows;
	}

	@Override
	public LedgerRow next() throws SQLException {
		try {
			short fields = this.in.readShort();
			if (fields == -1) {
				return null;
			}
			if (fields != FIELDS) {
				throw new SQLException("COPY row has " + fields + " fields, expected " + FIELDS);
			}
			long index = fixed(8).readLong();
			byte[] leaf = bytes();
			byte[] leafHash = bytes();
			byte[] chain = bytes();
			int keyVersion = intField();
			byte[] subtrees = bytes();
			return new LedgerRow(index, leaf, leafHash, chain, keyVersion, subtrees);
		}
		catch (EOFException ex) {
			throw new SQLException("COPY data ended without its trailer", ex);
		}
		catch (IOException ex) {
			throw new SQLException("cannot read the ledger by COPY", ex);
		}
	}

	@Override
	public void close() throws SQLException {
		try {
			// Stops the server side too when we return early (a failure was found).
			this.copy.close();
		}
		catch (IOException ex) {
			throw new SQLException("cannot end the COPY", ex);
		}
	}

	private void readHeader() throws IOException {
		byte[] signature = new byte[SIGNATURE.length];
		this.in.readFully(signature);
		if (!Arrays.equals(signature, SIGNATURE)) {
			throw new IOException("not a binary COPY stream");
		}
		this.in.readInt(); // flags: bit 16 (OIDs) is never set for a query
		this.in.skipNBytes(this.in.readInt()); // header extension, unused
	}

	/** Reads a field length that must be {@code size}, then leaves the value to read. */
	private DataInputStream fixed(int size) throws IOException {
		int length = this.in.readInt();
		if (length != size) {
			throw new IOException("expected a " + size + "-byte field, got " + length);
		}
		return this.in;
	}

	private int intField() throws IOException {
		return fixed(4).readInt();
	}

	private byte[] bytes() throws IOException {
		int length = this.in.readInt();
		if (length < 0) {
			throw new IOException("unexpected NULL"); // every column is NOT NULL
		}
		byte[] value = new byte[length];
		this.in.readFully(value);
		return value;
	}

}
