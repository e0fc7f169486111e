package io.countersign.ledger.verify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.countersign.ledger.event.Event;
import io.countersign.ledger.testing.RandomCase;
import io.countersign.ledger.testing.TestLedger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlainCanonicalEnvelopeTest {

	private static final String FULL = "{\"action\":\"a\",\"actor\":{\"id\":\"u\",\"type\":\"user\"},"
			+ "\"details\":{\"a\":[1,-2,0,true,false,\"x\",{\"b\":{\"c\":[[1]]}}],\"b\":123456789012345},"
			+ "\"id\":\"i\",\"links\":{\"\":\"\",\"a\":\"b\"},\"nonce\":\"n\",\"outcome\":\"error\",\"reason\":\"\","
			+ "\"resource\":{\"id\":\"r\",\"type\":\"t\"},\"source\":{\"user_agent\":\"u\"},"
			+ "\"submitter\":{\"account\":\"s\",\"credential\":\"token:1\"},\"ts\":\"2024-02-29T23:59:59.999Z\",\"type\":\"t\"}";

	@Test
	void recognisesCanonicalEnvelopes() {
		for (int i = 0; i < 50; i++) {
			assertThat(PlainCanonicalEnvelope.matches(TestLedger.event(i).leaf())).isTrue();
		}
		assertThat(fullCheckAccepts(bytes(FULL))).isTrue();
		assertThat(PlainCanonicalEnvelope.matches(bytes(FULL))).isTrue();
		String withoutSubmitter = FULL.replace("\"submitter\":{\"account\":\"s\",\"credential\":\"token:1\"},", "");
		assertThat(fullCheckAccepts(bytes(withoutSubmitter))).isTrue();
		assertThat(PlainCanonicalEnvelope.matches(bytes(withoutSubmitter))).isTrue();
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
				FULL.replace(":", ": "), FULL.replace("\"account\":\"s\"", "\"account\":\"\""),
				FULL.replace("{\"account\":\"s\",\"credential\":\"token:1\"}", "{\"account\":\"s\"}"),
				FULL.replace("{\"account\":\"s\",\"credential\":\"token:1\"}",
						"{\"credential\":\"token:1\",\"account\":\"s\"}"),
				FULL.replace("\"token:1\"}", "\"token:1\",\"x\":\"y\"}"),
				FULL.replace("{\"account\":\"s\",\"credential\":\"token:1\"}", "{}"),
				FULL.replace("\"submitter\":{\"account\":\"s\",\"credential\":\"token:1\"},", "")
					.replace("\"type\":\"t\"}",
							"\"type\":\"t\",\"submitter\":{\"account\":\"s\",\"credential\":\"token:1\"}}") };
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
		byte[][] bases = { bytes(FULL), fixedLeaf(1), fixedLeaf(2) };
		RandomCase.check(50_000, (random) -> {
			StringBuilder leaf = new StringBuilder(new String(random.oneOf(bases), StandardCharsets.UTF_8));
			for (int edits = random.between(1, 3); edits > 0; edits--) {
				int at = random.between(0, leaf.length() - 1);
				char c = alphabet.charAt(random.between(0, alphabet.length() - 1));
				switch (random.between(0, 2)) {
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
		});
	}

	// a test ledger's event with a fixed id and nonce, so that a seed reproduces its leaf
	private static byte[] fixedLeaf(int i) {
		Event event = TestLedger.event(i);
		return new Event("0190f5d6-3c2a-7b1e-9f00-00000000000" + i, event.ts(), event.type(), event.actor(),
				event.action(), event.resource(), event.outcome(), event.reason(), event.source(), event.links(),
				event.details(), "q83vASNFZ4mrze8BI0VniQ==")
			.leaf();
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
