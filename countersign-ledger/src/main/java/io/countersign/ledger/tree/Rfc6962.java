package io.countersign.ledger.tree;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.countersign.ledger.Hash;

/**
 * The RFC 6962 hash functions: domain-separated SHA-256 for leaves and interior nodes.
 *
 * <p>
 * Each formula is written once, in the overload that takes a caller's digest and writes
 * into a caller's array; the {@link Hash}-returning forms call it. Hot loops (the
 * verifier, the sequencer) keep one digest per thread and a scratch array, and so hash
 * without allocating.
 */
public final class Rfc6962 {

	private static final byte LEAF_PREFIX = 0x00;

	private static final byte NODE_PREFIX = 0x01;

	private static final Hash EMPTY_ROOT = Hash.of(newDigest().digest());

	// MessageDigest.getInstance looks the provider up every time (slow inside the
	// nested boot jar) and a digest is not thread-safe: keep one per thread. Every use
	// below ends with digest(), which resets it.
	private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Rfc6962::newDigest);

	private Rfc6962() {
	}

	// RFC 6962 §2.1: MTH({d(0)}) = SHA-256(0x00 || d(0))
	public static Hash leafHash(byte[] leaf) {
		byte[] out = new byte[Hash.SIZE];
		leafHash(SHA256.get(), leaf, 0, leaf.length, out, 0);
		return Hash.of(out);
	}

	/**
	 * The leaf hash of {@code leaf[from, from + length)}, written to
	 * {@code out[at, at + 32)}; {@code sha256} is left reset.
	 */
	public static void leafHash(MessageDigest sha256, byte[] leaf, int from, int length, byte[] out, int at) {
		// RFC 6962 §2.1: MTH({d(0)}) = SHA-256(0x00 || d(0))
		sha256.update(LEAF_PREFIX);
		sha256.update(leaf, from, length);
		finish(sha256, out, at);
	}

	// RFC 6962 §2.1: MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))
	public static Hash nodeHash(Hash left, Hash right) {
		byte[] out = new byte[Hash.SIZE];
		nodeHash(SHA256.get(), left.bytes(), 0, right.bytes(), 0, out, 0);
		return Hash.of(out);
	}

	/**
	 * The node hash of the 32-byte hashes at {@code left[leftAt]} and
	 * {@code right[rightAt]}, written to {@code out[at, at + 32)}; {@code sha256} is left
	 * reset. {@code out} may be one of the inputs.
	 */
	public static void nodeHash(MessageDigest sha256, byte[] left, int leftAt, byte[] right, int rightAt, byte[] out,
			int at) {
		// RFC 6962 §2.1: MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))
		sha256.update(NODE_PREFIX);
		sha256.update(left, leftAt, Hash.SIZE);
		sha256.update(right, rightAt, Hash.SIZE);
		finish(sha256, out, at);
	}

	// RFC 6962 §2.1: MTH({}) = SHA-256()
	public static Hash emptyRoot() {
		return EMPTY_ROOT;
	}

	/**
	 * A new SHA-256 digest for the overloads that take one; not thread-safe, so one per
	 * thread.
	 */
	public static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform must provide SHA-256", ex);
		}
	}

	private static void finish(MessageDigest sha256, byte[] out, int at) {
		try {
			sha256.digest(out, at, Hash.SIZE);
		}
		catch (DigestException ex) {
			throw new IllegalArgumentException("no room for a hash at " + at + " of " + out.length + " bytes", ex);
		}
	}

}
