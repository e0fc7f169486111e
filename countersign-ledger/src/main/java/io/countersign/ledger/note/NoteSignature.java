package io.countersign.ledger.note;

import java.util.Arrays;
import java.util.Base64;

/**
 * One signature line of a signed note: the key name, the key ID and the signature bytes
 * (without the key ID).
 */
public record NoteSignature(String name, int keyId, byte[] signature) {

	public NoteSignature {
		NoteText.requireValidName(name);
		signature = signature.clone();
	}

	// C2SP signed-note: "— name base64(keyid || signature)\n"
	public String line() {
		byte[] blob = new byte[4 + this.signature.length];
		blob[0] = (byte) (this.keyId >>> 24);
		blob[1] = (byte) (this.keyId >>> 16);
		blob[2] = (byte) (this.keyId >>> 8);
		blob[3] = (byte) this.keyId;
		System.arraycopy(this.signature, 0, blob, 4, this.signature.length);
		return NoteText.SIGNATURE_PREFIX + this.name + " " + Base64.getEncoder().encodeToString(blob) + "\n";
	}

	@Override
	public byte[] signature() {
		return this.signature.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof NoteSignature that && this.name.equals(that.name) && this.keyId == that.keyId
				&& Arrays.equals(this.signature, that.signature);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * this.name.hashCode() + this.keyId) + Arrays.hashCode(this.signature);
	}

	@Override
	public String toString() {
		return "NoteSignature[" + this.name + "+" + VerifierKey.hex(this.keyId) + "]";
	}

}
