package io.countersign.ledger.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note: text ending in a newline, a blank line, and one or more signature
 * lines.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {

	public SignedNote {
		NoteText.requireValidText(text);
		signatures = List.copyOf(signatures);
		if (signatures.isEmpty() || signatures.size() > NoteText.MAX_SIGNATURES) {
			throw new IllegalArgumentException(
					"a signed note has 1 to " + NoteText.MAX_SIGNATURES + " signatures, not " + signatures.size());
		}
	}

	/**
	 * Parses a signed note without verifying it.
	 * @throws IllegalArgumentException when the note is malformed
	 */
	public static SignedNote parse(String note) {
		if (note.length() > NoteText.MAX_NOTE_CHARS) {
			throw new IllegalArgumentException("note longer than " + NoteText.MAX_NOTE_CHARS + " characters");
		}
		NoteText.requireValidCharacters("note", note);
		// C2SP signed-note: the signatures follow the last blank line.
		int split = note.lastIndexOf("\n\n");
		if (split < 0) {
			throw new IllegalArgumentException("a signed note needs a blank line before its signatures");
		}
		String text = note.substring(0, split + 1);
		String block = note.substring(split + 2);
		if (block.isEmpty() || !block.endsWith("\n")) {
			throw new IllegalArgumentException("signature lines must end with a newline");
		}
		List<NoteSignature> signatures = new ArrayList<>();
		for (String line : block.substring(0, block.length() - 1).split("\n", -1)) {
			if (signatures.size() == NoteText.MAX_SIGNATURES) {
				throw new IllegalArgumentException("more than " + NoteText.MAX_SIGNATURES + " signatures");
			}
			signatures.add(signatureLine(line));
		}
		return new SignedNote(text, signatures);
	}

	private static NoteSignature signatureLine(String line) {
		if (!line.startsWith(NoteText.SIGNATURE_PREFIX)) {
			throw new IllegalArgumentException("a signature line starts with an em dash and a space");
		}
		String rest = line.substring(NoteText.SIGNATURE_PREFIX.length());
		int space = rest.indexOf(' ');
		if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
			throw new IllegalArgumentException("a signature line is '— name base64'");
		}
		byte[] blob;
		try {
			blob = Base64.getDecoder().decode(rest.substring(space + 1));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("signature is not standard base64", ex);
		}
		if (blob.length < 5) {
			throw new IllegalArgumentException("signature too short for a key ID and a signature");
		}
		byte[] signature = new byte[blob.length - 4];
		System.arraycopy(blob, 4, signature, 0, signature.length);
		return new NoteSignature(rest.substring(0, space), ByteBuffer.wrap(blob).getInt(), signature);
	}

	/**
	 * Whether the key signed this text. Signatures from other names or key IDs are
	 * ignored; the first line matching the key's name and ID decides (C2SP signed-note).
	 */
	public boolean verifiedBy(VerifierKey key) {
		byte[] message = this.text.getBytes(StandardCharsets.UTF_8);
		for (NoteSignature signature : this.signatures) {
			if (signature.name().equals(key.name()) && signature.keyId() == key.keyId()) {
				return key.verify(message, signature.signature());
			}
		}
		return false;
	}

	/** The note as it travels: text, blank line, signature lines. */
	public String encoded() {
		StringBuilder note = new StringBuilder(this.text).append('\n');
		this.signatures.forEach((signature) -> note.append(signature.line()));
		return note.toString();
	}

}
