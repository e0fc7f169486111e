package io.countersign.server.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import io.countersign.ledger.verify.EntryBatch;
import io.countersign.server.storage.DatabaseKind;

/**
 * Reads {@code ledger_entry} from PostgreSQL with {@code COPY … TO STDOUT (FORMAT
 * binary)}: bytea arrives as raw bytes (a plain query sends it as hex text, and pgjdbc
 * only switches to binary for statements it has prepared on the server), and the rows
 * stream without cursor round trips. The stream is decoded in one reused buffer straight
 * into the verifier's batches: no object per row beyond the driver's message.
 *
 * <p>
 * Format: PostgreSQL "COPY" documentation, "Binary Format": an 11-byte signature, flags
 * and a header extension, then per row a 16-bit field count and per field a 32-bit length
 * (-1 for NULL) and the bytes, all big-endian; a field count of -1 ends the data.
 */
final class LedgerRowCopy implements LedgerRows {

	private static final byte[] SIGNATURE = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0 };

	private static final int FIELDS = 14;

	/** PostgreSQL counts timestamps in microseconds from 2000-01-01T00:00:00Z. */
	private static final long EPOCH_2000_MICROS = 946_684_800_000_000L;

	private static final int TEXTS = TEXT_COLUMNS.size();

	/** Where the row's text columns start, relative to the row; scratch per row. */
	private final int[] textAt = new int[TEXTS];

	private final int[] textLength = new int[TEXTS];

	private final CopyOut copy;

	private byte[] buffer = new byte[1 << 16];

	/** Where the row being decoded starts; offsets within a row are relative to it. */
	private int row;

	/** The next byte to decode. */
	private int at;

	/** The end of the bytes received. */
	private int limit;

	private LedgerRowCopy(CopyOut copy) {
		this.copy = copy;
	}

	static boolean supports(Connection connection) throws SQLException {
		return DatabaseKind.of(connection) == DatabaseKind.POSTGRESQL;
	}

	/** Starts the COPY; the connection must be in a transaction (for the settings). */
	static LedgerRowCopy open(Connection connection) throws SQLException {
		try (Statement settings = connection.createStatement()) {
			// For this transaction only: an index scan of the primary key streams the
			// rows
			// in order at once, whereas with missing or stale statistics the planner may
			// pick a parallel scan and sort the whole table first, and JIT compilation
			// costs seconds up front on a plan this large without saving anything.
			settings.execute("SET LOCAL enable_sort = off");
			settings.execute("SET LOCAL max_parallel_workers_per_gather = 0");
			settings.execute("SET LOCAL jit = off");
		}
		CopyOut copy = connection.unwrap(PGConnection.class)
			.getCopyAPI()
			.copyOut("COPY (SELECT " + COLUMNS + " FROM ledger_entry ORDER BY idx) TO STDOUT (FORMAT binary)");
		LedgerRowCopy rows = new LedgerRowCopy(copy);
		try {
			rows.readHeader();
		}
		catch (SQLException | RuntimeException ex) {
			rows.close();
			throw ex;
		}
		return rows;
	}

	@Override
	public boolean fill(EntryBatch batch) throws SQLException {
		while (!batch.isFull()) {
			this.row = this.at;
			need(2);
			short fields = (short) ((this.buffer[this.at] & 0xff) << 8 | (this.buffer[this.at + 1] & 0xff));
			this.at += 2;
			if (fields == -1) {
				drain();
				return false;
			}
			if (fields != FIELDS) {
				throw new SQLException("COPY row has " + fields + " fields, expected " + FIELDS);
			}
			fixed(8);
			long index = longAt(this.at - 8);
			int leafAt = field();
			int leafLength = this.at - this.row - leafAt;
			int leafHashAt = field();
			int leafHashLength = this.at - this.row - leafHashAt;
			int chainAt = field();
			int chainLength = this.at - this.row - chainAt;
			fixed(4);
			int keyVersion = intAt(this.at - 4);
			int subtreesAt = field();
			int subtreesLength = this.at - this.row - subtreesAt;
			fixed(8);
			long ts = longAt(this.at - 8);
			for (int i = 0; i < TEXTS; i++) {
				this.textAt[i] = nullableField();
				this.textLength[i] = (this.textAt[i] < 0) ? EntryBatch.ABSENT : this.at - this.row - this.textAt[i];
			}
			int base = this.row;
			batch.add(index, this.buffer, base + leafAt, leafLength, this.buffer, base + leafHashAt, leafHashLength,
					this.buffer, base + chainAt, chainLength, keyVersion, this.buffer, base + subtreesAt,
					subtreesLength);
			// ±infinity stay out of any leaf's range as they are
			boolean finite = ts != Long.MAX_VALUE && ts != Long.MIN_VALUE;
			batch.storedTimestamp(finite ? ts + EPOCH_2000_MICROS : ts);
			for (int i = 0; i < TEXTS; i++) {
				batch.storedText(TEXT_COLUMNS.get(i), this.buffer, base + Math.max(this.textAt[i], 0),
						this.textLength[i]);
			}
		}
		return true;
	}

	@Override
	public void close() throws SQLException {
		// Stops the server side too when we return early (a failure was found).
		if (this.copy.isActive()) {
			this.copy.cancelCopy();
		}
	}

	private void readHeader() throws SQLException {
		need(SIGNATURE.length + 8);
		if (!Arrays.equals(this.buffer, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
			throw new SQLException("not a binary COPY stream");
		}
		// flags (bit 16, OIDs, is never set for a query), then the header extension
		int extension = intAt(SIGNATURE.length + 4);
		this.at = SIGNATURE.length + 8;
		need(extension);
		this.at += extension;
	}

	/** Reads a field length that must be {@code size} and steps over the value. */
	private void fixed(int size) throws SQLException {
		need(4);
		int length = intAt(this.at);
		if (length != size) {
			throw new SQLException("expected a " + size + "-byte COPY field, got " + length);
		}
		need(4 + size);
		this.at += 4 + size;
	}

	/**
	 * Steps over a variable-length field; returns where its value starts, relative to the
	 * row.
	 */
	private int field() throws SQLException {
		need(4);
		int length = intAt(this.at);
		if (length < 0) {
			// the tree's and the chain's columns are NOT NULL
			throw new SQLException("unexpected NULL in the ledger");
		}
		need(4 + length);
		int start = this.at + 4 - this.row;
		this.at += 4 + length;
		return start;
	}

	/**
	 * Steps over a field that may be NULL; returns where its value starts, relative to
	 * the row, or -1 for NULL.
	 */
	private int nullableField() throws SQLException {
		need(4);
		if (intAt(this.at) < 0) {
			this.at += 4;
			return -1;
		}
		return field();
	}

	/**
	 * Makes sure {@code count} bytes from {@link #at} are in the buffer, receiving more
	 * messages; keeps the current row in the buffer (moved to its start).
	 */
	private void need(int count) throws SQLException {
		while (this.limit - this.at < count) {
			if (this.row > 0) {
				int keep = this.limit - this.row;
				System.arraycopy(this.buffer, this.row, this.buffer, 0, keep);
				this.at -= this.row;
				this.limit = keep;
				this.row = 0;
			}
			byte[] message = this.copy.readFromCopy();
			if (message == null) {
				throw new SQLException("COPY data ended without its trailer");
			}
			if (this.limit == 0) {
				// PostgreSQL sends one message per row, so a row usually starts a
				// message: decode it where the driver put it instead of copying it.
				this.buffer = message;
				this.limit = message.length;
				continue;
			}
			if (this.limit + message.length > this.buffer.length) {
				this.buffer = Arrays.copyOf(this.buffer, Math.max(2 * this.buffer.length, this.limit + message.length));
			}
			System.arraycopy(message, 0, this.buffer, this.limit, message.length);
			this.limit += message.length;
		}
	}

	/** Reads to the end of the COPY after its trailer, so the connection is usable. */
	private void drain() throws SQLException {
		while (this.copy.isActive() && this.copy.readFromCopy() != null) {
			// nothing follows the trailer
		}
	}

	private int intAt(int offset) {
		byte[] b = this.buffer;
		return (b[offset] & 0xff) << 24 | (b[offset + 1] & 0xff) << 16 | (b[offset + 2] & 0xff) << 8
				| (b[offset + 3] & 0xff);
	}

	private long longAt(int offset) {
		return ((long) intAt(offset) << 32) | (intAt(offset + 4) & 0xffffffffL);
	}

}
