package io.countersign.server.audit.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's binary COPY format, built in one reusable array so a batch costs
 * no per-row objects. Format: PostgreSQL documentation, COPY, "Binary Format".
 */
final class CopyBuffer {

	private static final byte[] SIGNATURE = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0 };

	// timestamptz travels as microseconds since 2000-01-01T00:00:00Z.
	private static final long POSTGRES_EPOCH_MILLIS = 946_684_800_000L;

	// COPY's binary format is big-endian ("network byte order")
	private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

	private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private byte[] bytes = new byte[1 << 20];

	private int length;

	void start() {
		clear();
		put(SIGNATURE, 0, SIGNATURE.length);
		putInt(0); // flags
		putInt(0); // header extension length
	}

	void startRow(int fields) {
		putShort(fields);
	}

	void bigint(long value) {
		putInt(8);
		putLong(value);
	}

	void integer(int value) {
		putInt(4);
		putInt(value);
	}

	void bytea(byte[] value) {
		putInt(value.length);
		put(value, 0, value.length);
	}

	void timestamptz(Instant value) {
		putInt(8);
		putLong((value.toEpochMilli() - POSTGRES_EPOCH_MILLIS) * 1000);
	}

	void text(String value) {
		int length = value.length();
		ensure(4 + length);
		int start = this.length;
		this.length += 4;
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (c >= 0x80) {
				// not ASCII: let the JDK encode it (rare in these columns)
				this.length = start;
				bytea(value.getBytes(StandardCharsets.UTF_8));
				return;
			}
			this.bytes[this.length++] = (byte) c;
		}
		INT.set(this.bytes, start, length);
	}

	void nullableText(String value) {
		if (value == null) {
			putInt(-1);
		}
		else {
			text(value);
		}
	}

	void finish() {
		putShort(-1);
	}

	/** Forgets what was written (after it was sent), keeping the array. */
	void clear() {
		this.length = 0;
	}

	byte[] bytes() {
		return this.bytes;
	}

	int length() {
		return this.length;
	}

	private void putShort(int value) {
		ensure(2);
		this.bytes[this.length++] = (byte) (value >>> 8);
		this.bytes[this.length++] = (byte) value;
	}

	private void putInt(int value) {
		ensure(4);
		INT.set(this.bytes, this.length, value);
		this.length += 4;
	}

	private void putLong(long value) {
		ensure(8);
		LONG.set(this.bytes, this.length, value);
		this.length += 8;
	}

	private void put(byte[] source, int offset, int count) {
		ensure(count);
		System.arraycopy(source, offset, this.bytes, this.length, count);
		this.length += count;
	}

	private void ensure(int more) {
		if (this.length + more > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + more));
		}
	}

}
