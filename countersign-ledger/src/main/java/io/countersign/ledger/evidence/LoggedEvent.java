package io.countersign.ledger.evidence;

import io.countersign.ledger.event.Event;

/**
 * A proven event and the ledger index it was logged at.
 */
record LoggedEvent(long index, Event event) {

	String type() {
		return this.event.type();
	}

	/** How messages name it: {@code event at index 1041 (ACTION_APPROVED)}. */
	String describe() {
		return "event at index " + this.index + " (" + this.event.type() + ")";
	}

}
