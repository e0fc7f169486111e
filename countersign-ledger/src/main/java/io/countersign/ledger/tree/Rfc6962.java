package io.countersign.ledger.tree;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.countersign.ledger.Hash;

/**
 * The RFC 6962 hash functions: domain-separated SHA-256 for leaves and interior nodes.
 */
public final class Rfc6962 {

	private static final byte LEAF_PREFIX = 0x00;

	private static final byte NODE_PREFIX = 0x01;

	private static final Hash EMPTY_ROOT = Hash.of(sha256().digest());

	// MessageDigest.getInstance looks the provider up every time (slow inside the
	// nested boot jar) and a digest is not thread-safe: keep one per thread. Every use
	// below ends with digest(), which resets it.
	private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Rfc6962::sha256);

	private Rfc6962() {
	}

	// RFC 6962 §2.1: MTH({d(0)}) = SHA-256(0x00 || d(0))
	public static Hash leafHash(byte[] leaf) {
		MessageDigest digest = SHA256.get();
		digest.update(LEAF_PREFIX);
		digest.update(leaf);
		return Hash.of(digest.digest());
	}

	// RFC 6962 §2.1: MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))
	public static Hash nodeHash(Hash left, Hash right) {
		MessageDigest digest = SHA256.get();
		digest.update(NODE_PREFIX);
		digest.update(left.bytes());
		digest.update(right.bytes());
		return Hash.of(digest.digest());
	}

	// RFC 6962 §2.1: MTH({}) = SHA-256()
	public static Hash emptyRoot() {
		return EMPTY_ROOT;
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform must provide SHA-256", ex);
		}
	}

}
