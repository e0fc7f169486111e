package io.countersign.ledger.chain;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

import io.countersign.ledger.Hash;

/**
 * The per-row chain value: {@code HMAC-SHA256(key, previousChain || leafHash)}, so a row
 * forged without the key fails against its predecessor.
 *
 * <p>
 * An instance holds one key's initialised {@link Mac}, for callers that chain many rows
 * with the same key (the verifier): looking the algorithm up and deriving the padded key
 * for every row costs more than the HMAC itself. Instances are not thread-safe.
 */
public final class ChainHmac {

	/** The chain value before the first entry. */
	public static final Hash GENESIS = Hash.ZERO;

	private final Mac mac;

	private ChainHmac(byte[] key) {
		if (key.length == 0) {
			throw new IllegalArgumentException("the chain key must not be empty");
		}
		try {
			this.mac = Mac.getInstance("HmacSHA256");
			this.mac.init(new SecretKeySpec(key, "HmacSHA256"));
		}
		catch (InvalidKeyException ex) {
			throw new IllegalArgumentException("not a usable HMAC key", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("every Java platform must provide HmacSHA256", ex);
		}
	}

	/** A chainer for one key, to be used by one thread. */
	public static ChainHmac withKey(byte[] key) {
		return new ChainHmac(key);
	}

	/** The chain value after {@code previousChain}, with a chainer used once. */
	public static Hash next(byte[] key, Hash previousChain, Hash leafHash) {
		return withKey(key).next(previousChain, leafHash);
	}

	/** The chain value after {@code previousChain} for a leaf hash. */
	public Hash next(Hash previousChain, Hash leafHash) {
		byte[] out = new byte[Hash.SIZE];
		next(previousChain.bytes(), 0, Hash.SIZE, leafHash.bytes(), 0, out, 0);
		return Hash.of(out);
	}

	/**
	 * The chain value after the {@code previousLength} bytes of {@code previousChain}
	 * (32, unless a stored value is damaged) for the leaf hash at
	 * {@code leafHash[leafHashAt]}, written to {@code out[at, at + 32)} without
	 * allocating.
	 */
	public void next(byte[] previousChain, int previousAt, int previousLength, byte[] leafHash, int leafHashAt,
			byte[] out, int at) {
		// chain = HMAC-SHA256(k, previous chain || leaf hash); RFC 2104 HMAC with SHA-256
		// (RFC 6234). doFinal resets the Mac to its initialised state, ready for the next
		// row.
		this.mac.update(previousChain, previousAt, previousLength);
		this.mac.update(leafHash, leafHashAt, Hash.SIZE);
		try {
			this.mac.doFinal(out, at);
		}
		catch (ShortBufferException ex) {
			throw new IllegalArgumentException("no room for a chain value at " + at + " of " + out.length + " bytes",
					ex);
		}
	}

}
