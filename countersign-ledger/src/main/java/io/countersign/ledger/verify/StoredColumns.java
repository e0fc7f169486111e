package io.countersign.ledger.verify;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import io.countersign.ledger.event.Event;
import io.countersign.ledger.json.Json;

/**
 * The derived columns of one row of an {@link EntryBatch} compared with its parsed leaf:
 * the slow path for leaves the plain recogniser declines, and the words of every
 * {@link Failure#COLUMN_MISMATCH}.
 */
final class StoredColumns {

	private static final int SHOWN = 80;

	private final EntryBatch batch;

	private final int row;

	StoredColumns(EntryBatch batch, int row) {
		this.batch = batch;
		this.row = row;
	}

	/** The first column that differs from the event's member, if any. */
	Optional<DerivedColumn> firstDifference(Event event) {
		for (DerivedColumn column : DerivedColumn.values()) {
			boolean same = (column == DerivedColumn.TS) ? micros(event.ts()) == this.batch.tsMicros[this.row]
					: isUtf8(column) && text(column).equals(column.valueIn(event));
			if (!same) {
				return Optional.of(column);
			}
		}
		return Optional.empty();
	}

	/** What differs, for people: both values, quoted and shortened. */
	String describe(DerivedColumn column, Event event) {
		String stored;
		String inLeaf;
		if (column == DerivedColumn.TS) {
			long micros = this.batch.tsMicros[this.row];
			stored = "holds " + Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
					Math.floorMod(micros, 1_000_000L) * 1000);
			inLeaf = "the leaf's ts is " + event.ts();
		}
		else {
			Optional<String> text = text(column);
			stored = text.map((value) -> "holds " + quoted(value)).orElse("is NULL");
			inLeaf = column.valueIn(event)
				.map((value) -> "the leaf's " + column.member() + " is " + quoted(value))
				.orElse("the leaf has no " + column.member());
		}
		return "column " + column.column() + " " + stored + ", " + inLeaf;
	}

	/** The column's text, empty for NULL (bytes that are not UTF-8 replaced). */
	private Optional<String> text(DerivedColumn column) {
		int slot = slot(column);
		int length = this.batch.columnLength[slot];
		if (length == EntryBatch.ABSENT) {
			return Optional.empty();
		}
		return Optional.of(new String(this.batch.data, this.batch.columnAt[slot], length, StandardCharsets.UTF_8));
	}

	// A leaf's strings are UTF-8; stored bytes that are not equal none of them.
	private boolean isUtf8(DerivedColumn column) {
		int slot = slot(column);
		int length = Math.max(this.batch.columnLength[slot], 0);
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(this.batch.data, this.batch.columnAt[slot], length));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private int slot(DerivedColumn column) {
		return this.row * EntryBatch.COLUMNS + column.ordinal();
	}

	static long micros(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
	}

	// as a JSON string, so control characters and quotes in a forged value stay visible
	private static String quoted(String value) {
		String shown = (value.length() > SHOWN) ? value.substring(0, SHOWN) + "…" : value;
		return Json.write(shown);
	}

}
