// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An approver's Ed25519 public key, as {@code openssl pkey -pubout} writes it (SPKI, RFC
 * 8410, in PEM), with the fingerprint the API shows: SHA-256 of the SPKI DER in
 * lower-case hex.
 */
public final class ApproverKey {

	private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";

	private static final String END = "-----END PUBLIC KEY-----";

	/** The field prime of edwards25519, RFC 8032 §5.1. */
	private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

	/**
	 * The y coordinate of two of the four points of order 8 (the other two have P minus
	 * it): a root of d y⁴ + 2 y² − 1 = 0 (doubling it gives y = 0), as
	 * {@code ApproverKeyTest} checks. With y = 0 (order 4), y = 1 (the identity) and y =
	 * −1 (order 2) these are all the small-order points.
	 */
	private static final BigInteger ORDER_EIGHT_Y = new BigInteger(
			"2707385501144840649318225287225658788936804267575313519463743609750303402022");

	/** The curve constant d = −121665/121666, RFC 8032 §5.1. */
	private static final BigInteger D = BigInteger.valueOf(-121665)
		.multiply(BigInteger.valueOf(121666).modInverse(P))
		.mod(P);

	private static final int RAW_KEY_LENGTH = 32;

	private final byte[] spki;

	private final PublicKey key;

	private ApproverKey(byte[] spki, PublicKey key) {
		this.spki = spki;
		this.key = key;
	}

	/** Reads one SPKI PEM block holding an Ed25519 key; anything else is refused. */
	public static ApproverKey fromPem(String pem) {
		String text = pem.strip();
		if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
			throw new IllegalArgumentException("an approver key is a PEM block \"" + BEGIN + "\" … \"" + END + "\"");
		}
		String body = text.substring(BEGIN.length(), text.length() - END.length());
		try {
			return fromSpki(Base64.getMimeDecoder().decode(body.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"an approver key is an Ed25519 public key in SPKI PEM: " + ex.getMessage(), ex);
		}
	}

	/** Reads the DER of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4). */
	public static ApproverKey fromSpki(byte[] der) {
		try {
			PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
			// the JDK tolerates some encodings it would not write; one key, one
			// fingerprint
			if (!Arrays.equals(key.getEncoded(), der)) {
				throw new IllegalArgumentException("not the DER encoding of an Ed25519 key");
			}
			refuseWeakPoint(Arrays.copyOfRange(der, der.length - RAW_KEY_LENGTH, der.length));
			return new ApproverKey(der.clone(), key);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not an Ed25519 public key", ex);
		}
	}

	/**
	 * Refuses a key that cannot bind a signature to a message: a point not on the curve,
	 * a point of small order (a verifier that checks {@code [S]B = R + [k]A} without
	 * multiplying by the cofactor, as the JDK does, accepts R = identity, S = 0 under the
	 * identity key for every message, so an approver could later disown any decision) and
	 * a non-canonical encoding (y ≥ p: a second encoding, so a second fingerprint, of a
	 * point).
	 */
	private static void refuseWeakPoint(byte[] raw) {
		byte[] bigEndian = new byte[RAW_KEY_LENGTH];
		for (int i = 0; i < RAW_KEY_LENGTH; i++) {
			bigEndian[i] = raw[RAW_KEY_LENGTH - 1 - i];
		}
		// the top bit is the sign of x (RFC 8032 §5.1.2); the rest is y, little-endian
		bigEndian[0] &= 0x7f;
		BigInteger y = new BigInteger(1, bigEndian);
		if (y.compareTo(P) >= 0) {
			throw new IllegalArgumentException("a non-canonical Ed25519 key encoding (y ≥ p)");
		}
		// x² = (y² − 1) / (d y² + 1) must have a root (Euler's criterion), RFC 8032
		// §5.1.3
		BigInteger ySquared = y.multiply(y).mod(P);
		BigInteger xSquared = ySquared.subtract(BigInteger.ONE)
			.multiply(D.multiply(ySquared).add(BigInteger.ONE).modInverse(P))
			.mod(P);
		if (xSquared.signum() != 0
				&& !xSquared.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE)) {
			throw new IllegalArgumentException("not a point of edwards25519");
		}
		if (y.signum() == 0 || y.equals(BigInteger.ONE) || y.equals(P.subtract(BigInteger.ONE))
				|| y.equals(ORDER_EIGHT_Y) || y.equals(P.subtract(ORDER_EIGHT_Y))) {
			throw new IllegalArgumentException(
					"a small-order Ed25519 key: signatures under it would verify for any message");
		}
	}

	/**
	 * SHA-256 of the SPKI DER, lower-case hex: what {@code openssl dgst -sha256} prints.
	 */
	public String fingerprint() {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(this.spki));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform must provide SHA-256", ex);
		}
	}

	public byte[] spki() {
		return this.spki.clone();
	}

	/** The key as PEM, 64 characters a line, as OpenSSL writes it. */
	public String pem() {
		String base64 = Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(this.spki);
		return BEGIN + "\n" + base64 + "\n" + END + "\n";
	}

	/**
	 * Whether {@code signature} is this key's Ed25519 signature over the message's bytes.
	 */
	public boolean verifies(SigningMessage message, DecisionSignature signature) {
		return verifies(message.bytes(), signature);
	}

	/**
	 * Whether {@code signature} is this key's Ed25519 signature (RFC 8032) over
	 * {@code message}.
	 */
	public boolean verifies(byte[] message, DecisionSignature signature) {
		try {
			// a Signature is not thread-safe; one per check keeps checks parallel
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(this.key);
			verifier.update(message);
			return verifier.verify(signature.bytes());
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ApproverKey key && Arrays.equals(this.spki, key.spki);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.spki);
	}

	@Override
	public String toString() {
		return "Ed25519 key " + fingerprint();
	}

}
