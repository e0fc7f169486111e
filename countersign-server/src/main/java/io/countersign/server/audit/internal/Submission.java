package io.countersign.server.audit.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.countersign.server.audit.Appended;

/**
 * One caller's events, written in one transaction (all or none) and acknowledged
 * together; an empty submission only makes the sequencer catch up with the database.
 */
final class Submission {

	private final List<PreparedEvent> events;

	// its events wait in the audit outbox: the batch that appends them deletes them there
	private final boolean fromOutbox;

	private final CompletableFuture<List<Appended>> done = new CompletableFuture<>();

	// the sequencer sorts every batch by this: an Instant comparison per step costs more
	private final long tsMillis;

	Submission(List<PreparedEvent> events) {
		this(events, false);
	}

	Submission(List<PreparedEvent> events, boolean fromOutbox) {
		this.events = events;
		this.fromOutbox = fromOutbox;
		this.tsMillis = events.isEmpty() ? Long.MIN_VALUE : events.get(0).event().ts().toEpochMilli();
	}

	List<PreparedEvent> events() {
		return this.events;
	}

	int size() {
		return this.events.size();
	}

	/**
	 * The time of its first event in milliseconds (the events' precision); the sequencer
	 * writes submissions in this order.
	 */
	long tsMillis() {
		return this.tsMillis;
	}

	/**
	 * Whether its events come from the audit outbox, whose rows the batch that appends
	 * them must delete (docs/decisions/011-audit-outbox.md).
	 */
	boolean fromOutbox() {
		return this.fromOutbox;
	}

	CompletableFuture<List<Appended>> done() {
		return this.done;
	}

}
