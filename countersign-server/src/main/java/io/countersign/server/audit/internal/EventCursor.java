package io.countersign.server.audit.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;

import io.countersign.server.audit.internal.EventQuery.Position;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Component;

/**
 * Opaque keyset cursors over (ts, index): the position of the last event of a page, bound
 * to the query it came from and authenticated with a server key, so an edited or replayed
 * cursor is refused instead of silently paging somewhere else.
 */
@Component
class EventCursor {

	private static final byte VERSION = 1;

	private static final int FINGERPRINT = 8;

	private static final int TAG = 16;

	// version, epoch seconds, nanos, index, query fingerprint, tag
	private static final int LENGTH = 1 + 8 + 4 + 8 + FINGERPRINT + TAG;

	private final byte[] key;

	EventCursor(LedgerKeys keys) {
		this.key = keys.derivedKey("event-cursor");
	}

	String encode(EventQuery query, Position position) {
		ByteBuffer bytes = ByteBuffer.allocate(LENGTH);
		bytes.put(VERSION);
		bytes.putLong(position.ts().getEpochSecond());
		bytes.putInt(position.ts().getNano());
		bytes.putLong(position.index());
		bytes.put(fingerprint(query));
		bytes.put(tag(bytes.array(), LENGTH - TAG));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
	}

	Position decode(EventQuery query, String cursor) {
		byte[] bytes;
		try {
			bytes = Base64.getUrlDecoder().decode(cursor);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("the cursor is not one this server issued");
		}
		if (bytes.length != LENGTH || bytes[0] != VERSION
				|| !MessageDigest.isEqual(tag(bytes, LENGTH - TAG), Arrays.copyOfRange(bytes, LENGTH - TAG, LENGTH))) {
			throw invalid("the cursor is not one this server issued");
		}
		ByteBuffer read = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
		long seconds = read.getLong();
		int nanos = read.getInt();
		long index = read.getLong();
		byte[] fingerprint = new byte[FINGERPRINT];
		read.get(fingerprint);
		if (!MessageDigest.isEqual(fingerprint, fingerprint(query))) {
			throw invalid("the cursor belongs to a query with other filters or order");
		}
		try {
			return new Position(Instant.ofEpochSecond(seconds, nanos), index);
		}
		catch (DateTimeException ex) {
			throw invalid("the cursor is not one this server issued");
		}
	}

	private byte[] tag(byte[] bytes, int length) {
		Mac mac = LedgerKeys.mac(this.key);
		mac.update(bytes, 0, length);
		return Arrays.copyOf(mac.doFinal(), TAG);
	}

	private static byte[] fingerprint(EventQuery query) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(query.fingerprint().getBytes(StandardCharsets.UTF_8));
			return Arrays.copyOf(digest, FINGERPRINT);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform must provide SHA-256", ex);
		}
	}

	private static CountersignException invalid(String message) {
		return new CountersignException(ErrorCode.ERR_INVALID_CURSOR, message);
	}

}
