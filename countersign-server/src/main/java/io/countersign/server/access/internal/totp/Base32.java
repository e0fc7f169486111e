package io.countersign.server.access.internal.totp;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Base32 of RFC 4648 section 6, without padding: the form authenticator apps expect for a
 * TOTP secret.
 */
final class Base32 {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	private Base32() {
	}

	static String encode(byte[] data) {
		StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
		int buffer = 0;
		int bits = 0;
		for (byte b : data) {
			buffer = (buffer << 8) | (b & 0xFF);
			bits += 8;
			while (bits >= 5) {
				out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 0x1F));
				bits -= 5;
			}
		}
		if (bits > 0) {
			// the last group is padded with zero bits (section 6, step 1)
			out.append(ALPHABET.charAt((buffer << (5 - bits)) & 0x1F));
		}
		return out.toString();
	}

	/**
	 * Decodes upper- or lower-case Base32, ignoring trailing {@code =} padding.
	 * @throws IllegalArgumentException on a character outside the alphabet
	 */
	static byte[] decode(String text) {
		String digits = text.toUpperCase(Locale.ROOT).replaceAll("=+$", "");
		ByteArrayOutputStream out = new ByteArrayOutputStream(digits.length() * 5 / 8);
		int buffer = 0;
		int bits = 0;
		for (int i = 0; i < digits.length(); i++) {
			int value = ALPHABET.indexOf(digits.charAt(i));
			if (value < 0) {
				throw new IllegalArgumentException("not a Base32 character at position " + i);
			}
			buffer = (buffer << 5) | value;
			bits += 5;
			if (bits >= 8) {
				out.write((buffer >> (bits - 8)) & 0xFF);
				bits -= 8;
			}
		}
		return out.toByteArray();
	}

}
