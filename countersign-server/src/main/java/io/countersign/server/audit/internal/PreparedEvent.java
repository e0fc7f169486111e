package io.countersign.server.audit.internal;

import java.time.Instant;
import java.util.Optional;

import io.countersign.ledger.Hash;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.json.JsonException;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * An event with its canonical leaf and leaf hash, built in the producer's thread so the
 * sequencer only does what must happen in order.
 */
record PreparedEvent(Event event, byte[] leaf, Hash leafHash) {

	static PreparedEvent prepare(EventDraft draft, Instant ts, String where) {
		EventRules.check(draft, where);
		Event event = new Event(Event.newId(), ts, draft.type(), draft.actor(), draft.action(), draft.resource(),
				draft.outcome(), draft.reason(), draft.source(), draft.links(), draft.details(), Event.newNonce(),
				Optional.of(draft.submitter()));
		return of(event, where);
	}

	/**
	 * An event prepared earlier and stored as its leaf (the audit outbox); the stored
	 * bytes are kept as they are.
	 * @throws IllegalArgumentException when the bytes are not an event's leaf
	 */
	static PreparedEvent fromLeaf(byte[] leaf) {
		return new PreparedEvent(Event.fromLeaf(leaf), leaf, Rfc6962.leafHash(leaf));
	}

	/** The same event at a later time (the sequencer keeps {@code ts} non-decreasing). */
	PreparedEvent at(Instant ts) {
		Event e = this.event;
		return of(new Event(e.id(), ts, e.type(), e.actor(), e.action(), e.resource(), e.outcome(), e.reason(),
				e.source(), e.links(), e.details(), e.nonce(), e.submitter()), "");
	}

	private static PreparedEvent of(Event event, String where) {
		byte[] leaf;
		try {
			leaf = event.leaf();
		}
		catch (JsonException | IllegalArgumentException ex) {
			throw EventRules.invalid(where + "details cannot be stored: " + ex.getMessage());
		}
		if (leaf.length > EventRules.MAX_LEAF_BYTES) {
			String which = where.isEmpty() ? "the event" : "event " + where.substring(0, where.length() - 1);
			throw new CountersignException(ErrorCode.ERR_EVENT_TOO_LARGE, which + " is " + leaf.length
					+ " bytes as canonical JSON; the limit is " + EventRules.MAX_LEAF_BYTES);
		}
		return new PreparedEvent(event, leaf, Rfc6962.leafHash(leaf));
	}

}
