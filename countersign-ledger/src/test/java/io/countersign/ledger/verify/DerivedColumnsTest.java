package io.countersign.ledger.verify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

import io.countersign.ledger.Hash;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.testing.TestLedger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A store's copies of leaf members ({@link DerivedColumn}) are checked against the leaf:
 * every column, NULL against absent members, escaped and non-ASCII strings, on the plain
 * fast path and the parsing one alike.
 */
class DerivedColumnsTest {

	private static final ChainKeys KEYS = (version) -> (version == TestLedger.KEY_VERSION)
			? Optional.of(TestLedger.CHAIN_KEY) : Optional.empty();

	private static final int SIZE = 1100; // more than one batch

	private static final int AT = 1030;

	@Test
	void columnsCopiedFromTheLeafAreIntact() {
		TestLedger ledger = new TestLedger(SIZE);
		for (int threads : new int[] { 0, 2 }) {
			assertThat(verify(ledger, columnsOf(ledger), threads)).isInstanceOf(Intact.class);
		}
	}

	@Test
	void eachChangedColumnIsNamedAtItsIndex() {
		TestLedger ledger = new TestLedger(SIZE);
		Event event = Event.fromLeaf(ledger.entries.get(AT).leaf());
		for (DerivedColumn column : DerivedColumn.values()) {
			List<Columns> columns = columnsOf(ledger);
			Columns forged = columns.get(AT);
			if (column == DerivedColumn.TS) {
				forged.tsMicros += 1000;
			}
			else {
				forged.text.put(column, Optional.of(column.valueIn(event).orElse("") + "x"));
			}
			for (int threads : new int[] { 0, 2 }) {
				Tampered tampered = assertTampered(verify(ledger, columns, threads), AT);
				assertThat(tampered.detail()).as(tampered.summary())
					.startsWith("column " + column.column() + " holds ");
			}
		}
	}

	@Test
	void mismatchNamesBothValues() {
		TestLedger ledger = new TestLedger(SIZE);
		List<Columns> columns = columnsOf(ledger);
		columns.get(AT).text.put(DerivedColumn.ACTOR_ID, Optional.of("victor"));
		columns.get(AT + 1).tsMicros += 1; // a later failure is not reported

		Tampered tampered = assertTampered(verify(ledger, columns, 2), AT);

		assertThat(tampered.summary()).isEqualTo("COLUMN_MISMATCH at index " + AT
				+ ": column actor_id holds \"victor\", the leaf's actor.id is \"user-" + AT + "\"");
	}

	@Test
	void timestampIsComparedToTheMicrosecond() {
		TestLedger ledger = new TestLedger(SIZE);
		List<Columns> columns = columnsOf(ledger);
		columns.get(AT).tsMicros += 1;

		Tampered tampered = assertTampered(verify(ledger, columns, 0), AT);

		Instant leaf = Event.fromLeaf(ledger.entries.get(AT).leaf()).ts();
		assertThat(tampered.detail())
			.isEqualTo("column ts holds " + leaf.plusNanos(1000) + ", the leaf's ts is " + leaf);
	}

	@Test
	void nullMustMeanAbsentAndAbsentMustBeNull() {
		TestLedger ledger = new TestLedger(0);
		ledger.append(event("alice", Optional.empty(), Optional.empty()).leaf());
		ledger.append(event("alice", Optional.of("read"), Optional.of(new Resource("secret", "s"))).leaf());
		List<Columns> columns = columnsOf(ledger);
		assertThat(verify(ledger, columns, 0)).isInstanceOf(Intact.class);

		List<Columns> filled = columnsOf(ledger);
		filled.get(0).text.put(DerivedColumn.RESOURCE_ID, Optional.of("s"));
		assertThat(assertTampered(verify(ledger, filled, 0), 0).detail())
			.isEqualTo("column resource_id holds \"s\", the leaf has no resource.id");

		List<Columns> emptied = columnsOf(ledger);
		emptied.get(1).text.put(DerivedColumn.ACTION, Optional.empty());
		assertThat(assertTampered(verify(ledger, emptied, 0), 1).detail())
			.isEqualTo("column action is NULL, the leaf's action is \"read\"");

		List<Columns> blank = columnsOf(ledger);
		blank.get(1).text.put(DerivedColumn.ACTION, Optional.of(""));
		assertTampered(verify(ledger, blank, 0), 1);
	}

	// Escapes and non-ASCII send the leaf down the parsing path: the column holds the
	// string's text, not its JSON spelling.
	@Test
	void escapedAndNonAsciiMembersAreComparedByTheirText() {
		for (String actor : List.of("zoë", "a\"b", "back\\slash", "tab\there", "日本")) {
			TestLedger ledger = new TestLedger(0);
			ledger.append(event(actor, Optional.of("read"), Optional.empty()).leaf());
			ledger.append(event("plain", Optional.of("read"), Optional.empty()).leaf());
			assertThat(PlainCanonicalEnvelope.matches(ledger.entries.get(0).leaf())).isFalse();
			assertThat(verify(ledger, columnsOf(ledger), 0)).as(actor).isInstanceOf(Intact.class);

			List<Columns> spelled = columnsOf(ledger);
			String json = new String(ledger.entries.get(0).leaf(), StandardCharsets.UTF_8);
			String spelling = json.substring(json.indexOf("\"id\":\"") + 6, json.indexOf("\",\"type\":\"user\""));
			spelled.get(0).text.put(DerivedColumn.ACTOR_ID, Optional.of(spelling));
			if (!spelling.equals(actor)) {
				assertTampered(verify(ledger, spelled, 0), 0);
			}
			List<Columns> other = columnsOf(ledger);
			other.get(0).text.put(DerivedColumn.ACTOR_ID, Optional.of(actor + " "));
			assertTampered(verify(ledger, other, 0), 0);
		}
	}

	@Test
	void bytesThatAreNotUtf8MatchNothing() {
		TestLedger ledger = new TestLedger(0);
		ledger.append(event("zoë", Optional.empty(), Optional.empty()).leaf());
		List<Columns> columns = columnsOf(ledger);
		columns.get(0).raw.put(DerivedColumn.ACTOR_ID, new byte[] { 'z', 'o', (byte) 0xc3 });
		assertTampered(verify(ledger, columns, 0), 0);
	}

	// Random edits of random columns: the plain path and the parsing path agree, and an
	// edit is caught exactly when it changes the text.
	@Test
	void fastPathAgreesWithTheParsedLeaf() {
		Random random = new Random(12);
		TestLedger ledger = new TestLedger(64);
		for (int trial = 0; trial < 300; trial++) {
			List<Columns> columns = columnsOf(ledger);
			int row = random.nextInt(64);
			DerivedColumn column = DerivedColumn.values()[1 + random.nextInt(DerivedColumn.values().length - 1)];
			Event event = Event.fromLeaf(ledger.entries.get(row).leaf());
			String value = column.valueIn(event).orElse("");
			String edited = switch (random.nextInt(4)) {
				case 0 -> value;
				case 1 -> value.isEmpty() ? "" : value.substring(0, random.nextInt(value.length()));
				case 2 -> value + (char) (' ' + random.nextInt(95));
				default ->
					value.isEmpty() ? "x" : value.substring(0, value.length() - 1) + (char) (' ' + random.nextInt(95));
			};
			columns.get(row).text.put(column, Optional.of(edited));
			VerifyResult result = verify(ledger, columns, 0);
			boolean same = edited.equals(value);
			assertThat(result instanceof Intact).as("%s %s -> %s", column, value, edited).isEqualTo(same);
			if (!same) {
				assertThat(((Tampered) result).index()).isEqualTo(OptionalLong.of(row));
			}
		}
	}

	@Test
	void aRowWithOnlySomeOfItsColumnsIsAReaderMistake() {
		TestLedger ledger = new TestLedger(3);
		LedgerVerifier verifier = verifier(ledger, 0);
		EntryBatch batch = verifier.batch();
		add(batch, ledger.entries.get(0));
		add(batch, ledger.entries.get(1));
		batch.storedTimestamp(0);
		assertThat(catchThrowable(() -> verifier.accept(batch))).isInstanceOf(IllegalStateException.class);
	}

	private static Event event(String actor, Optional<String> action, Optional<Resource> resource) {
		return new Event(Event.newId(), Instant.parse("2026-12-06T10:00:00.250Z"), "authz_fail",
				new Actor(actor, "user"), action, resource, Outcome.SUCCESS, Optional.empty(), Optional.empty(),
				Map.of(), Map.of(), Event.newNonce());
	}

	/** The columns of a row as a store writes them; tests edit them. */
	private static final class Columns {

		long tsMicros;

		final Map<DerivedColumn, Optional<String>> text = new EnumMap<>(DerivedColumn.class);

		final Map<DerivedColumn, byte[]> raw = new EnumMap<>(DerivedColumn.class);

		Columns(Event event) {
			this.tsMicros = event.ts().toEpochMilli() * 1000;
			for (DerivedColumn column : DerivedColumn.values()) {
				if (column != DerivedColumn.TS) {
					this.text.put(column, column.valueIn(event));
				}
			}
		}

	}

	private static List<Columns> columnsOf(TestLedger ledger) {
		return ledger.entries.stream().map((entry) -> new Columns(Event.fromLeaf(entry.leaf()))).toList();
	}

	private static VerifyResult verify(TestLedger ledger, List<Columns> columns, int threads) {
		try (LedgerVerifier verifier = verifier(ledger, threads)) {
			EntryBatch batch = verifier.batch();
			for (int i = 0; i < ledger.entries.size(); i++) {
				EntryBatch filling = batch;
				add(filling, ledger.entries.get(i));
				Columns row = columns.get(i);
				filling.storedTimestamp(row.tsMicros);
				row.text.forEach((column, value) -> {
					byte[] bytes = row.raw.getOrDefault(column,
							value.map((text) -> text.getBytes(StandardCharsets.UTF_8)).orElse(null));
					filling.storedText(column, bytes, 0, (bytes == null) ? EntryBatch.ABSENT : bytes.length);
				});
				if (batch.isFull()) {
					verifier.accept(batch);
					batch = verifier.batch();
				}
			}
			verifier.accept(batch);
			return verifier.finish();
		}
	}

	private static LedgerVerifier verifier(TestLedger ledger, int threads) {
		return new LedgerVerifier(ledger.signer.verifierKey(), Optional.of(KEYS),
				List.of(ledger.checkpoint(ledger.entries.size())), Optional.empty(), threads);
	}

	private static void add(EntryBatch batch, StoredEntry entry) {
		byte[] leafHash = entry.leafHash().bytes();
		byte[] chain = entry.chain().map(Hash::bytes).orElseThrow();
		byte[] subtrees = new byte[entry.subtreeHashes().size() * Hash.SIZE];
		for (int i = 0; i < entry.subtreeHashes().size(); i++) {
			System.arraycopy(entry.subtreeHashes().get(i).bytes(), 0, subtrees, i * Hash.SIZE, Hash.SIZE);
		}
		batch.add(entry.index(), entry.leaf(), 0, entry.leaf().length, leafHash, 0, Hash.SIZE, chain, 0, Hash.SIZE,
				entry.keyVersion(), subtrees, 0, subtrees.length);
	}

	private static Tampered assertTampered(VerifyResult result, long index) {
		assertThat(result).isInstanceOf(Tampered.class);
		Tampered tampered = (Tampered) result;
		assertThat(tampered.failure()).as(tampered.summary()).isEqualTo(Failure.COLUMN_MISMATCH);
		assertThat(tampered.index()).as(tampered.summary()).isEqualTo(OptionalLong.of(index));
		return tampered;
	}

}
