package io.countersign.ledger.verify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import io.countersign.ledger.event.Event;
import io.countersign.ledger.testing.TestLedger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlainCanonicalEnvelopeTest {

	private static final String FULL = "{\"action\":\"a\",\"actor\":{\"id\":\"u\",\"type\":\"user\"},"
			+ "\"details\":{\"a\":[1,-2,0,true,false,\"x\",{\"b\":{\"c\":[[1]]}}],\"b\":123456789012345},"
			+ "\"id\":\"i\",\"links\":{\"\":\"\",\"a\":\"b\"},\"nonce\":\"n\",\"outcome\":\"error\",\"reason\":\"\","
			+ "\"resource\":{\"id\":\"r\",\"type\":\"t\"},\"source\":{\"user_agent\":\"u\"},"
			+ "\"ts\":\"2024-02-29T23:59:59.999Z\",\"type\":\"t\"}";

	@Test
	void recognisesCanonicalEnvelopes() {
		for (int i = 0; i < 50; i++) {
			assertThat(PlainCanonicalEnvelope.matches(TestLedger.event(i).leaf())).isTrue();
		}
		assertThat(fullCheckAccepts(bytes(FULL))).isTrue();
		assertThat(PlainCanonicalEnvelope.matches(bytes(FULL))).isTrue();
	}

	@Test
	void leavesEverythingUnusualToTheFullCheck() {
		String[] declined = { FULL.replace("\"b\":123456789012345", "\"b\":1.5"),
				FULL.replace("\"b\":123456789012345", "\"b\":-0"), FULL.replace("\"reason\":\"\"", "\"reason\":null"),
				FULL.replace("\"reason\":\"\"", "\"reason\":\"\\n\""),
				FULL.replace("\"reason\":\"\"", "\"reason\":\"\u00e9\""), FULL.replace("2024-02-29", "2023-02-29"),
				FULL.replace("23:59:59", "23:59:60"), FULL.replace("\"links\":{\"\":\"\",\"a\":\"b\"}", "\"links\":{}"),
				FULL.replace("{\"user_agent\":\"u\"}", "{}"), FULL.replace("\"id\":\"i\"", "\"id\":\"\""),
				FULL.replace("{\"\":\"\",\"a\":\"b\"}", "{\"a\":\"b\",\"\":\"\"}"), FULL + " ", " " + FULL,
				FULL.replace(":", ": ") };
		for (String leaf : declined) {
			assertThat(PlainCanonicalEnvelope.matches(bytes(leaf))).as(leaf).isFalse();
		}
	}

	// Strings are scanned eight bytes at a time: every byte value, at every offset in
	// and around an eight-byte word, alone or after another byte that ends the scan.
	@Test
	void acceptsStringsOfPrintableAsciiWithoutEscapesOnly() {
		byte[] reason = bytes("\"reason\":\"");
		int at = indexOf(bytes(FULL), reason) + reason.length;
		for (int offset = 0; offset < 20; offset++) {
			for (int value = 0; value < 256; value++) {
				for (int before : new int[] { 'x', 0x00, 0x1f, '"', '\\', 0x7f, 0x80, 0xff }) {
					String text = "abcdefghijklmnopqrstuvwxyz".substring(0, offset);
					byte[] leaf = insert(bytes(FULL), at, bytes(text), (byte) before, (byte) value);
					boolean plain = isPlain(before) && isPlain(value);
					assertThat(PlainCanonicalEnvelope.matches(leaf)).as("%d %d %d", offset, before, value)
						.isEqualTo(plain);
					if (plain) {
						assertThat(fullCheckAccepts(leaf)).isTrue();
					}
				}
			}
		}
	}

	// The fast path may decline a canonical leaf, but must never accept one the full
	// check rejects.
	@Test
	void neverAcceptsWhatTheFullCheckRejects() {
		String alphabet = "{}[]:,\"\\ -0123456789.eEtrufalsn\u00e9\u007f\u0001xyzTZ/+=_";
		Random random = new Random(6962);
		byte[][] bases = { bytes(FULL), TestLedger.event(1).leaf(), TestLedger.event(2).leaf() };
		for (int trial = 0; trial < 50_000; trial++) {
			StringBuilder leaf = new StringBuilder(
					new String(bases[random.nextInt(bases.length)], StandardCharsets.UTF_8));
			for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
				int at = random.nextInt(leaf.length());
				char c = alphabet.charAt(random.nextInt(alphabet.length()));
				switch (random.nextInt(3)) {
					case 0 -> leaf.setCharAt(at, c);
					case 1 -> leaf.insert(at, c);
					default -> leaf.deleteCharAt(at);
				}
			}
			byte[] mutant = bytes(leaf.toString());
			PlainCanonicalEnvelope plain = new PlainCanonicalEnvelope();
			if (plain.matches(mutant, 0, mutant.length)) {
				assertThat(fullCheckAccepts(mutant)).as(leaf.toString()).isTrue();
				assertFindsTheCopiedMembers(plain, mutant);
			}
		}
	}

	// What the derived-column check compares in place must be what the parsed leaf holds.
	@Test
	void findsTheMembersThatColumnsCopy() {
		for (int i = 0; i < 50; i++) {
			byte[] leaf = TestLedger.event(i).leaf();
			PlainCanonicalEnvelope plain = new PlainCanonicalEnvelope();
			assertThat(plain.matches(leaf, 0, leaf.length)).isTrue();
			assertFindsTheCopiedMembers(plain, leaf);
		}
		for (String leaf : new String[] { FULL, FULL.replace("\"action\":\"a\",", ""),
				FULL.replace("\"resource\":{\"id\":\"r\",\"type\":\"t\"},", ""),
				FULL.replace("2024-02-29T23:59:59.999Z", "1000-03-01T00:00:00.000Z"),
				FULL.replace("2024-02-29T23:59:59.999Z", "9999-12-31T23:59:59.999Z"),
				FULL.replace("2024-02-29T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
				FULL.replace("2024-02-29T23:59:59.999Z", "2100-02-28T12:00:00.001Z") }) {
			PlainCanonicalEnvelope plain = new PlainCanonicalEnvelope();
			assertThat(plain.matches(bytes(leaf), 0, bytes(leaf).length)).as(leaf).isTrue();
			assertFindsTheCopiedMembers(plain, bytes(leaf));
		}
	}

	private static void assertFindsTheCopiedMembers(PlainCanonicalEnvelope plain, byte[] leaf) {
		Event event = Event.fromLeaf(leaf);
		String text = new String(leaf, StandardCharsets.UTF_8);
		assertThat(plain.epochMillis).as(text).isEqualTo(event.ts().toEpochMilli());
		for (DerivedColumn column : DerivedColumn.values()) {
			if (column == DerivedColumn.TS) {
				continue;
			}
			int from = plain.valueFrom[column.ordinal()];
			java.util.Optional<String> found = (from < 0) ? java.util.Optional.empty() : java.util.Optional
				.of(new String(leaf, from, plain.valueTo[column.ordinal()] - from, StandardCharsets.UTF_8));
			assertThat(found).as(column + " in " + text).isEqualTo(column.valueIn(event));
		}
	}

	private static boolean fullCheckAccepts(byte[] leaf) {
		try {
			return Arrays.equals(Event.fromLeaf(leaf).leaf(), leaf);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static boolean isPlain(int b) {
		return b >= 0x20 && b <= 0x7e && b != '"' && b != '\\';
	}

	private static byte[] insert(byte[] leaf, int at, byte[] text, byte... more) {
		byte[] result = new byte[leaf.length + text.length + more.length];
		System.arraycopy(leaf, 0, result, 0, at);
		System.arraycopy(text, 0, result, at, text.length);
		System.arraycopy(more, 0, result, at + text.length, more.length);
		System.arraycopy(leaf, at, result, at + text.length + more.length, leaf.length - at);
		return result;
	}

	private static int indexOf(byte[] data, byte[] part) {
		for (int i = 0; i + part.length <= data.length; i++) {
			if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
				return i;
			}
		}
		throw new IllegalArgumentException("not found");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
