package io.countersign.server.audit.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.countersign.server.audit.Appended;

/**
 * One caller's events, written in one transaction (all or none) and acknowledged
 * together; an empty submission only makes the sequencer catch up with the database.
 */
final class Submission {

	private final List<PreparedEvent> events;

	private final CompletableFuture<List<Appended>> done = new CompletableFuture<>();

	Submission(List<PreparedEvent> events) {
		this.events = events;
	}

	List<PreparedEvent> events() {
		return this.events;
	}

	int size() {
		return this.events.size();
	}

	/** The time of its first event; the sequencer writes submissions in this order. */
	Instant ts() {
		return this.events.isEmpty() ? Instant.MIN : this.events.get(0).event().ts();
	}

	CompletableFuture<List<Appended>> done() {
		return this.done;
	}

}
