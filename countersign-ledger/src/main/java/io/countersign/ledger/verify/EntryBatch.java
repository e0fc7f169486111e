package io.countersign.ledger.verify;

import java.util.Arrays;

import io.countersign.ledger.Hash;

/**
 * Up to {@link #MAX_ROWS} stored entries as read, in one flat buffer: a reader fills it
 * with {@link #add}, {@link LedgerVerifier#accept(EntryBatch)} checks it. Batches are
 * reused ({@link LedgerVerifier#batch()}), so reading a ledger allocates no objects per
 * entry; field lengths are kept as stored and judged by the verifier.
 *
 * <p>
 * Once accepted, a batch also carries what its checks need from the entries before it:
 * the stored chain value of the previous entry and the stored right edge of the tree
 * ({@link StoredFrontier}). With those, its checks depend on nothing else, so batches are
 * checked on worker threads in any order.
 *
 * <p>
 * A reader that has the {@link DerivedColumn derived columns} of a row adds all of them
 * after the row ({@link #storedTimestamp}, {@link #storedText}), and they are checked
 * against the leaf; rows without them (an export bundle holds leaves only) are not.
 */
public final class EntryBatch {

	/** Entries per batch: large enough to amortise a hand-over between threads. */
	public static final int MAX_ROWS = 1024;

	/** The length that marks an absent (NULL) chain value or column. */
	public static final int ABSENT = -1;

	static final int COLUMNS = DerivedColumn.values().length;

	/** {@link #columnsStored} of a row with every derived column. */
	static final int ALL_COLUMNS = (1 << COLUMNS) - 1;

	byte[] data = new byte[MAX_ROWS * 640];

	int used;

	int size;

	final long[] index = new long[MAX_ROWS];

	final int[] leafAt = new int[MAX_ROWS];

	final int[] leafLength = new int[MAX_ROWS];

	final int[] leafHashAt = new int[MAX_ROWS];

	final int[] leafHashLength = new int[MAX_ROWS];

	final int[] chainAt = new int[MAX_ROWS];

	final int[] chainLength = new int[MAX_ROWS];

	final int[] keyVersion = new int[MAX_ROWS];

	final int[] subtreesAt = new int[MAX_ROWS];

	final int[] subtreesLength = new int[MAX_ROWS];

	/** The stored ts column, microseconds since the Unix epoch. */
	final long[] tsMicros = new long[MAX_ROWS];

	/**
	 * Text columns at {@code row * COLUMNS + column.ordinal()}; length ABSENT for NULL.
	 */
	final int[] columnAt = new int[MAX_ROWS * COLUMNS];

	final int[] columnLength = new int[MAX_ROWS * COLUMNS];

	/** Per row, a bit per {@link DerivedColumn} the reader added. */
	final int[] columnsStored = new int[MAX_ROWS];

	// Set by the verifier when it accepts the batch.

	/** The index of the first entry (entries are consecutive once accepted). */
	long first;

	/** The stored chain value before the first entry (zeros before entry 0). */
	final byte[] previousChain = new byte[Hash.SIZE];

	/** The stored right edge of the tree before the first entry. */
	final StoredFrontier frontier = new StoredFrontier();

	EntryBatch() {
	}

	public boolean isFull() {
		return this.size == MAX_ROWS;
	}

	public int size() {
		return this.size;
	}

	/**
	 * Appends one stored entry, copying its fields; {@code chainLength} is
	 * {@link #ABSENT} when no chain value is stored.
	 */
	public void add(long index, byte[] leaf, int leafFrom, int leafLength, byte[] leafHash, int leafHashFrom,
			int leafHashLength, byte[] chain, int chainFrom, int chainLength, int keyVersion, byte[] subtrees,
			int subtreesFrom, int subtreesLength) {
		if (isFull()) {
			throw new IllegalStateException("the batch is full");
		}
		int row = this.size;
		ensure(leafLength + leafHashLength + Math.max(chainLength, 0) + subtreesLength);
		this.index[row] = index;
		this.leafAt[row] = copy(leaf, leafFrom, leafLength);
		this.leafLength[row] = leafLength;
		this.leafHashAt[row] = copy(leafHash, leafHashFrom, leafHashLength);
		this.leafHashLength[row] = leafHashLength;
		this.chainAt[row] = (chainLength == ABSENT) ? 0 : copy(chain, chainFrom, chainLength);
		this.chainLength[row] = chainLength;
		this.keyVersion[row] = keyVersion;
		this.subtreesAt[row] = copy(subtrees, subtreesFrom, subtreesLength);
		this.subtreesLength[row] = subtreesLength;
		this.columnsStored[row] = 0;
		this.size = row + 1;
	}

	/**
	 * Sets the stored {@link DerivedColumn#TS ts} column of the entry added last, in
	 * microseconds since 1970-01-01T00:00:00Z.
	 */
	public void storedTimestamp(long epochMicros) {
		int row = lastRow();
		this.tsMicros[row] = epochMicros;
		this.columnsStored[row] |= 1 << DerivedColumn.TS.ordinal();
	}

	/**
	 * Sets a stored text column of the entry added last, copying its UTF-8 bytes;
	 * {@code length} is {@link #ABSENT} for NULL.
	 */
	public void storedText(DerivedColumn column, byte[] source, int from, int length) {
		if (column == DerivedColumn.TS) {
			throw new IllegalArgumentException("ts is stored as an instant");
		}
		int row = lastRow();
		ensure(Math.max(length, 0));
		int slot = row * COLUMNS + column.ordinal();
		this.columnAt[slot] = (length == ABSENT) ? 0 : copy(source, from, length);
		this.columnLength[slot] = length;
		this.columnsStored[row] |= 1 << column.ordinal();
	}

	private int lastRow() {
		if (this.size == 0) {
			throw new IllegalStateException("add the entry before its columns");
		}
		return this.size - 1;
	}

	void clear() {
		this.size = 0;
		this.used = 0;
	}

	/** Keeps the first {@code rows} entries only. */
	void truncate(int rows) {
		this.size = rows;
	}

	/** The leaf of a row on its own, for the slow paths that want an array. */
	byte[] leaf(int row) {
		return Arrays.copyOfRange(this.data, this.leafAt[row], this.leafAt[row] + this.leafLength[row]);
	}

	Hash hash(int at) {
		return Hash.of(Arrays.copyOfRange(this.data, at, at + Hash.SIZE));
	}

	private void ensure(int more) {
		if (this.used + more > this.data.length) {
			this.data = Arrays.copyOf(this.data, Math.max(this.data.length * 2, this.used + more));
		}
	}

	private int copy(byte[] source, int from, int length) {
		int at = this.used;
		System.arraycopy(source, from, this.data, at, length);
		this.used = at + length;
		return at;
	}

}
