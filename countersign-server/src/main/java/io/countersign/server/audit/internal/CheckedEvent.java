package io.countersign.server.audit.internal;

import java.nio.charset.StandardCharsets;

import io.countersign.ledger.Hash;
import io.countersign.ledger.event.Event;

/** A ledger entry whose leaf hash and query columns were checked against its leaf. */
record CheckedEvent(long index, byte[] leaf, Hash leafHash, Event event) {

	/** The leaf as text: canonical JSON, already parsed once, so safe to embed as is. */
	String json() {
		return new String(this.leaf, StandardCharsets.UTF_8);
	}

}
