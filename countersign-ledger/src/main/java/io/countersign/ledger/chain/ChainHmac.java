package io.countersign.ledger.chain;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.countersign.ledger.Hash;

/**
 * The per-row chain value: {@code HMAC-SHA256(key, previousChain || leafHash)}, so a row
 * forged without the key fails against its predecessor.
 */
public final class ChainHmac {

	/** The chain value before the first entry. */
	public static final Hash GENESIS = Hash.ZERO;

	private ChainHmac() {
	}

	// RFC 2104 HMAC with SHA-256 (RFC 6234).
	public static Hash next(byte[] key, Hash previousChain, Hash leafHash) {
		if (key.length == 0) {
			throw new IllegalArgumentException("the chain key must not be empty");
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			mac.update(previousChain.bytes());
			mac.update(leafHash.bytes());
			return Hash.of(mac.doFinal());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("every Java platform must provide HmacSHA256", ex);
		}
	}

}
