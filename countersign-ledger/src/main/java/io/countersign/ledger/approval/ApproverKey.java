// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

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
			return new ApproverKey(der.clone(), key);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not an Ed25519 public key", ex);
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
