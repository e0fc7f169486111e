package io.countersign.server.approval.internal.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

import io.countersign.ledger.approval.ApproverKey;
import io.countersign.ledger.approval.DecisionSignature;
import io.countersign.ledger.approval.SigningMessage;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The server's check of a decision's Ed25519 signature. The JDK 17 verifier (what
 * {@link ApproverKey#verifies} and the JDK-only offline verifier use) costs about 600 µs
 * of CPU per signature, most of a decision's budget; Bouncy Castle's RFC 8032 code
 * (already on the class path for Argon2) about a tenth of that (docs/benchmarks.md).
 * <p>
 * The server must accept exactly the signatures the offline verifier accepts, or an
 * evidence package could fail its check (or a decision be refused that an auditor would
 * accept). Bouncy Castle is the stricter of the two (canonical R, S and key encodings, no
 * small-order keys), so what it accepts the JDK accepts as well; where it refuses, the
 * JDK has the last word. A forged or broken signature therefore costs both checks, as
 * much as the JDK's alone did before; a valid one costs Bouncy Castle's only.
 * {@code SignatureCheckTest} checks the agreement on random, tampered and crafted inputs
 * (small-order and non-canonical points, S ≥ L, wrong lengths).
 * <p>
 * Stateless: checks run in parallel on the request threads. Bouncy Castle enters one
 * global monitor per call, only to see that its precomputed tables exist (a null check,
 * nanoseconds); the verification itself runs outside any lock.
 */
public final class SignatureCheck {

	/**
	 * The DER of an Ed25519 SubjectPublicKeyInfo before its 32 key bytes (RFC 8410 §4).
	 */
	private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

	private static final int KEY_SIZE = 32;

	private SignatureCheck() {
	}

	/** Whether {@code signature} is {@code key}'s signature over the message. */
	public static boolean verifies(ApproverKey key, SigningMessage message, DecisionSignature signature) {
		return verifies(key, message.bytes(), signature.bytes());
	}

	/**
	 * Whether {@code signature} is {@code key}'s Ed25519 signature (RFC 8032) over
	 * {@code message}, exactly as {@code Signature.getInstance("Ed25519")} of the JDK
	 * decides.
	 */
	static boolean verifies(ApproverKey key, byte[] message, byte[] signature) {
		return bouncyCastleVerifies(key, message, signature) || jdkVerifies(key, message, signature);
	}

	/** The fast path alone: Bouncy Castle's verdict on a 64-byte signature. */
	static boolean bouncyCastleVerifies(ApproverKey key, byte[] message, byte[] signature) {
		byte[] spki = key.spki();
		return signature.length == Ed25519.SIGNATURE_SIZE && spki.length == SPKI_PREFIX.length + KEY_SIZE
				&& Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)
				&& Ed25519.verify(signature, 0, spki, SPKI_PREFIX.length, message, 0, message.length);
	}

	/**
	 * The reference: the JDK's verifier, as the offline verifier runs it (a key or
	 * signature it cannot use is a signature that does not verify). It takes any length:
	 * JDK 17 splits the signature in half and accepts a valid one with a zero byte
	 * appended, which is why {@link DecisionSignature} refuses every length but 64 before
	 * any check, here and offline.
	 */
	static boolean jdkVerifies(ApproverKey key, byte[] message, byte[] signature) {
		try {
			PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(key.spki()));
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(publicKey);
			verifier.update(message);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

}
