package io.countersign.ledger.note;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * Signs note texts with an Ed25519 key under a C2SP signed-note key name.
 */
public final class NoteSigner {

	private final byte[] seed;

	private final VerifierKey verifierKey;

	private NoteSigner(String name, byte[] seed) {
		this.seed = seed.clone();
		this.verifierKey = VerifierKey.of(name, Ed25519.publicKey(this.seed));
	}

	public static NoteSigner ed25519(String name, byte[] privateKeySeed32) {
		Ed25519.requireSize("Ed25519 private key seed", privateKeySeed32, Ed25519.KEY_SIZE);
		return new NoteSigner(name, privateKeySeed32);
	}

	public static NoteSigner generate(String name) {
		byte[] seed = new byte[Ed25519.KEY_SIZE];
		new SecureRandom().nextBytes(seed);
		return new NoteSigner(name, seed);
	}

	/** The private key seed; store it as a secret. */
	public byte[] seed() {
		return this.seed.clone();
	}

	public VerifierKey verifierKey() {
		return this.verifierKey;
	}

	// C2SP signed-note: text, a blank line, then "— name base64(keyid || signature)\n".
	public String sign(String text) {
		NoteText.requireValidText(text);
		byte[] signature = Ed25519.sign(this.seed, text.getBytes(StandardCharsets.UTF_8));
		NoteSignature line = new NoteSignature(this.verifierKey.name(), this.verifierKey.keyId(), signature);
		return new SignedNote(text, List.of(line)).encoded();
	}

	@Override
	public String toString() {
		return "NoteSigner[" + this.verifierKey.encoded() + "]";
	}

}
