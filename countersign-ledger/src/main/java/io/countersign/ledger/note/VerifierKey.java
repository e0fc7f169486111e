package io.countersign.ledger.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A C2SP signed-note Ed25519 verifier key, published as
 * {@code name+keyid+base64(0x01 || publicKey)}.
 */
public record VerifierKey(String name, int keyId, byte[] publicKey) {

	/** The C2SP signed-note signature type of Ed25519. */
	public static final byte ALGORITHM_ED25519 = 0x01;

	public VerifierKey {
		NoteText.requireValidName(name);
		Ed25519.requireSize("Ed25519 public key", publicKey, Ed25519.KEY_SIZE);
		publicKey = publicKey.clone();
		int expected = keyId(name, publicKey);
		if (keyId != expected) {
			throw new IllegalArgumentException(
					"key ID " + hex(keyId) + " does not match name and key (expected " + hex(expected) + ")");
		}
	}

	/** Builds the key for a name and raw public key, computing its key ID. */
	public static VerifierKey of(String name, byte[] publicKey) {
		return new VerifierKey(name, keyId(name, publicKey), publicKey);
	}

	// C2SP signed-note: key ID = SHA-256(name || 0x0A || 0x01 || public key)[:4],
	// big-endian.
	public static int keyId(String name, byte[] publicKey) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(name.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0x0A);
			digest.update(ALGORITHM_ED25519);
			digest.update(publicKey);
			return ByteBuffer.wrap(digest.digest()).getInt();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform must provide SHA-256", ex);
		}
	}

	// C2SP signed-note: verifier key encoding name+hex(keyid)+base64(type || key).
	public static VerifierKey parse(String encoded) {
		// The name holds no '+', the key ID is 8 hex digits; the base64 key may contain
		// '+'.
		String line = encoded.strip();
		int first = line.indexOf('+');
		if (first <= 0 || line.length() < first + 10 || line.charAt(first + 9) != '+') {
			throw new IllegalArgumentException("a verifier key looks like name+xxxxxxxx+base64");
		}
		String[] parts = { line.substring(0, first), line.substring(first + 1, first + 9), line.substring(first + 10) };
		if (!parts[1].matches("[0-9a-fA-F]{8}")) {
			throw new IllegalArgumentException("a verifier key ID is 8 hex digits");
		}
		int keyId;
		byte[] typed;
		try {
			keyId = (int) Long.parseLong(parts[1], 16);
			typed = Base64.getDecoder().decode(parts[2]);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("a verifier key has a hex key ID and a base64 key", ex);
		}
		if (typed.length != 1 + Ed25519.KEY_SIZE || typed[0] != ALGORITHM_ED25519) {
			throw new IllegalArgumentException("only Ed25519 verifier keys (type 0x01, 32 bytes) are supported");
		}
		return new VerifierKey(parts[0], keyId, Arrays.copyOfRange(typed, 1, typed.length));
	}

	public String encoded() {
		byte[] typed = new byte[1 + Ed25519.KEY_SIZE];
		typed[0] = ALGORITHM_ED25519;
		System.arraycopy(this.publicKey, 0, typed, 1, Ed25519.KEY_SIZE);
		return this.name + "+" + hex(this.keyId) + "+" + Base64.getEncoder().encodeToString(typed);
	}

	/** Checks an Ed25519 signature over the message with this key. */
	public boolean verify(byte[] message, byte[] signature) {
		return Ed25519.verify(this.publicKey, message, signature);
	}

	@Override
	public byte[] publicKey() {
		return this.publicKey.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof VerifierKey key && this.name.equals(key.name) && this.keyId == key.keyId
				&& Arrays.equals(this.publicKey, key.publicKey);
	}

	@Override
	public int hashCode() {
		return 31 * this.name.hashCode() + Arrays.hashCode(this.publicKey);
	}

	@Override
	public String toString() {
		return encoded();
	}

	static String hex(int keyId) {
		return HexFormat.of().toHexDigits(keyId);
	}

}
