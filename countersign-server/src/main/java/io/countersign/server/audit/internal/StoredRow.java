package io.countersign.server.audit.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.countersign.ledger.Hash;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.verify.DerivedColumn;

/**
 * A ledger row as read back: its index, the leaf, and the columns derived from the leaf,
 * which the reader checks against it.
 *
 * @param texts the text columns, in the order of {@link #TEXT_COLUMNS}; empty for NULL
 */
record StoredRow(long index, byte[] leaf, Hash leafHash, Instant ts, List<Optional<String>> texts) {

	/** The text columns, every {@link DerivedColumn} but {@code ts}, in their order. */
	static final List<DerivedColumn> TEXT_COLUMNS = DerivedColumn.texts();

	/**
	 * The columns to select: ts, then the text columns in {@link #TEXT_COLUMNS} order.
	 */
	static final String COLUMNS = Arrays.stream(DerivedColumn.values())
		.map(DerivedColumn::column)
		.collect(Collectors.joining(", "));

	StoredRow {
		texts = List.copyOf(texts);
	}

	/** The first derived column that differs from the member of the leaf it copies. */
	Optional<DerivedColumn> firstDifference(Event leaf) {
		if (!this.ts.equals(leaf.ts())) {
			return Optional.of(DerivedColumn.TS);
		}
		for (int i = 0; i < TEXT_COLUMNS.size(); i++) {
			DerivedColumn column = TEXT_COLUMNS.get(i);
			if (!this.texts.get(i).equals(column.valueIn(leaf))) {
				return Optional.of(column);
			}
		}
		return Optional.empty();
	}

}
