package io.countersign.server.access.internal.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * SHA-256 of an API token: what the database stores and what lookups compare. A plain
 * hash suffices because tokens carry 256 random bits; there is nothing to guess.
 */
public record TokenHash(byte[] bytes) {

	public TokenHash {
		bytes = bytes.clone();
	}

	public static TokenHash of(String token) {
		try {
			return new TokenHash(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every JVM", ex);
		}
	}

	@Override
	public byte[] bytes() {
		return this.bytes.clone();
	}

	String hex() {
		return HexFormat.of().formatHex(this.bytes);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof TokenHash that) && MessageDigest.isEqual(this.bytes, that.bytes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bytes);
	}

	@Override
	public String toString() {
		return "TokenHash[" + hex().substring(0, 8) + "…]";
	}

}
