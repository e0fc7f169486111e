package io.countersign.ledger.note;

/**
 * The C2SP signed-note rules on text and key names.
 */
final class NoteText {

	static final String SIGNATURE_PREFIX = "\u2014 ";

	static final int MAX_SIGNATURES = 100;

	static final int MAX_NOTE_CHARS = 1 << 20;

	private NoteText() {
	}

	// C2SP signed-note: valid UTF-8, no ASCII control characters other than newline.
	static void requireValidCharacters(String what, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 && c != '\n') {
				throw new IllegalArgumentException(
						what + " contains control character U+00" + String.format("%02X", (int) c) + " at index " + i);
			}
			if (Character.isSurrogate(c)) {
				boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
						&& Character.isLowSurrogate(text.charAt(i + 1));
				if (!paired) {
					throw new IllegalArgumentException(what + " is not valid UTF-8 (lone surrogate at " + i + ")");
				}
				i++;
			}
		}
	}

	// C2SP signed-note: the text is non-empty and ends in a newline.
	static void requireValidText(String text) {
		if (text.isEmpty() || !text.endsWith("\n")) {
			throw new IllegalArgumentException("note text must be non-empty and end with a newline");
		}
		requireValidCharacters("note text", text);
	}

	// C2SP signed-note: a key name is non-empty UTF-8 with no Unicode spaces and no '+'.
	static void requireValidName(String name) {
		if (name.isEmpty()) {
			throw new IllegalArgumentException("key name must not be empty");
		}
		requireValidCharacters("key name", name);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '+' || c == '\n' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
				throw new IllegalArgumentException("key name must not contain spaces or '+': " + name);
			}
		}
	}

}
