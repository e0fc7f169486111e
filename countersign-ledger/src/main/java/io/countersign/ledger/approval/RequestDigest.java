// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.countersign.ledger.Hash;
import io.countersign.ledger.json.CanonicalJson;

/**
 * SHA-256 over the RFC 8785 canonical JSON of a request's content: what an approver's
 * signature binds, so a decision cannot be moved to other parameters, another diff or
 * another policy version. Written in lower-case hex, as {@code sha256sum} prints it.
 */
public record RequestDigest(Hash hash) {

	/** The digest of a request's content. */
	public static RequestDigest of(RequestContent content) {
		return ofJson(content.toJson());
	}

	/**
	 * The digest of a digest input given as JSON values (as read back from an evidence
	 * package): SHA-256 of its canonical form.
	 */
	public static RequestDigest ofJson(Object json) {
		try {
			return new RequestDigest(
					Hash.of(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.canonicalize(json))));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform must provide SHA-256", ex);
		}
	}

	/** Reads 64 lower-case hex digits. */
	public static RequestDigest fromHex(String hex) {
		if (!hex.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("a request digest is 64 lower-case hex digits");
		}
		return new RequestDigest(Hash.of(HexFormat.of().parseHex(hex)));
	}

	public String hex() {
		return HexFormat.of().formatHex(this.hash.bytes());
	}

	@Override
	public String toString() {
		return hex();
	}

}
