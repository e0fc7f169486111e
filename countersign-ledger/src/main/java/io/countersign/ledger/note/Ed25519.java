package io.countersign.ledger.note;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/**
 * Ed25519 (RFC 8032) on raw 32-byte keys, through the JDK's provider.
 */
final class Ed25519 {

	static final int KEY_SIZE = 32;

	static final int SIGNATURE_SIZE = 64;

	private Ed25519() {
	}

	/** Derives the raw public key A from the 32-byte private seed (RFC 8032 §5.1.5). */
	static byte[] publicKey(byte[] seed) {
		requireSize("private key seed", seed, KEY_SIZE);
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
			// The JDK derives A from whatever 32 bytes its random source supplies; supply
			// the seed.
			generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
			return encode(((EdECPublicKey) generator.generateKeyPair().getPublic()).getPoint());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 is not available", ex);
		}
	}

	static byte[] sign(byte[] seed, byte[] message) {
		try {
			PrivateKey key = KeyFactory.getInstance("Ed25519")
				.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
			Signature signature = Signature.getInstance("Ed25519");
			signature.initSign(key);
			signature.update(message);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 signing failed", ex);
		}
	}

	/**
	 * False for a wrong signature, a malformed signature or a public key that is not a
	 * point.
	 */
	static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
		if (publicKey.length != KEY_SIZE || signature.length != SIGNATURE_SIZE) {
			return false;
		}
		try {
			PublicKey key = KeyFactory.getInstance("Ed25519")
				.generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, decode(publicKey)));
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(key);
			verifier.update(message);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return false;
		}
	}

	// RFC 8032 §5.1.2: little-endian y, with the low bit of x in the top bit of the last
	// byte.
	private static byte[] encode(EdECPoint point) {
		byte[] bigEndian = point.getY().toByteArray();
		byte[] encoded = new byte[KEY_SIZE];
		for (int i = 0; i < bigEndian.length && i < KEY_SIZE; i++) {
			encoded[i] = bigEndian[bigEndian.length - 1 - i];
		}
		if (point.isXOdd()) {
			encoded[KEY_SIZE - 1] |= (byte) 0x80;
		}
		return encoded;
	}

	// RFC 8032 §5.1.3 step 1: recover y and the parity of x.
	private static EdECPoint decode(byte[] encoded) {
		byte[] bigEndian = new byte[KEY_SIZE];
		for (int i = 0; i < KEY_SIZE; i++) {
			bigEndian[i] = encoded[KEY_SIZE - 1 - i];
		}
		boolean xOdd = (bigEndian[0] & 0x80) != 0;
		bigEndian[0] &= 0x7F;
		return new EdECPoint(xOdd, new BigInteger(1, bigEndian));
	}

	static void requireSize(String what, byte[] bytes, int size) {
		if (bytes.length != size) {
			throw new IllegalArgumentException(what + " must be " + size + " bytes, not " + bytes.length);
		}
	}

	/**
	 * A random source that yields the given seed, so key generation derives its public
	 * key.
	 */
	private static final class FixedSeed extends SecureRandom {

		private static final long serialVersionUID = 1L;

		private final byte[] seed;

		FixedSeed(byte[] seed) {
			this.seed = seed.clone();
		}

		@Override
		public void nextBytes(byte[] bytes) {
			if (bytes.length != this.seed.length) {
				throw new IllegalStateException("expected a request for " + this.seed.length + " bytes");
			}
			System.arraycopy(this.seed, 0, bytes, 0, bytes.length);
		}

	}

}
