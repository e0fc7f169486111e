package io.countersign.server.audit.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

	/** Every {@link DerivedColumn} but {@code ts}, in their order. */
	static final List<DerivedColumn> TEXT_COLUMNS = List.of(DerivedColumn.TYPE, DerivedColumn.ACTOR_ID,
			DerivedColumn.ACTOR_TYPE, DerivedColumn.ACTION, DerivedColumn.RESOURCE_TYPE, DerivedColumn.RESOURCE_ID,
			DerivedColumn.OUTCOME);

	/** The columns that select, in {@link #TEXT_COLUMNS} order; ts first. */
	static final String COLUMNS = "ts, type, actor_id, actor_type, action, resource_type, resource_id, outcome";

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
