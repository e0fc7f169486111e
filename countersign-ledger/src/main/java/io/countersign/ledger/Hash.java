package io.countersign.ledger;

import java.util.Arrays;
import java.util.Base64;

/**
 * A SHA-256 value (a leaf hash, a node hash, a root or a chain value), compared by
 * content.
 */
public record Hash(byte[] bytes) {

	/** The number of bytes in a hash. */
	public static final int SIZE = 32;

	/** Thirty-two zero bytes: the chain's genesis value. */
	public static final Hash ZERO = new Hash(new byte[SIZE]);

	public Hash {
		if (bytes.length != SIZE) {
			throw new IllegalArgumentException("a hash has " + SIZE + " bytes, not " + bytes.length);
		}
		bytes = bytes.clone();
	}

	public static Hash of(byte[] bytes) {
		return new Hash(bytes);
	}

	/** Decodes standard base64 (RFC 4648 §4) holding exactly 32 bytes. */
	public static Hash fromBase64(String base64) {
		return new Hash(Base64.getDecoder().decode(base64));
	}

	@Override
	public byte[] bytes() {
		return this.bytes.clone();
	}

	public String base64() {
		return Base64.getEncoder().encodeToString(this.bytes);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Hash hash && Arrays.equals(this.bytes, hash.bytes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bytes);
	}

	@Override
	public String toString() {
		return base64();
	}

}
