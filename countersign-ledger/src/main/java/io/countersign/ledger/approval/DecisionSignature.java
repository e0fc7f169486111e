// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.Arrays;
import java.util.Base64;

/**
 * The 64 bytes of an approver's Ed25519 signature over a {@link SigningMessage}; the API
 * carries them in standard base64.
 */
public record DecisionSignature(byte[] bytes) {

	/** An Ed25519 signature's length (RFC 8032 §5.1.6). */
	public static final int SIZE = 64;

	public DecisionSignature {
		if (bytes.length != SIZE) {
			throw new IllegalArgumentException("an Ed25519 signature has " + SIZE + " bytes, not " + bytes.length);
		}
		bytes = bytes.clone();
	}

	/**
	 * Reads standard base64 (RFC 4648 §4), as {@code base64} and
	 * {@code openssl base64 -A} write.
	 */
	public static DecisionSignature fromBase64(String base64) {
		return new DecisionSignature(Base64.getDecoder().decode(base64.strip()));
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
		return other instanceof DecisionSignature signature && Arrays.equals(this.bytes, signature.bytes);
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
