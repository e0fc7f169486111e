package io.countersign.server.audit.internal;

import java.time.Instant;
import java.util.Optional;

/**
 * A page request over the events: equality filters, a half-open time range
 * {@code [from, to)}, an order and the position after which the page starts.
 */
record EventQuery(Optional<String> actor, Optional<String> type, Optional<String> action, Optional<String> resourceType,
		Optional<String> resourceId, Optional<String> outcome, Optional<Instant> from, Optional<Instant> to,
		boolean newestFirst, int limit, Optional<Position> after) {

	/** A place in the (ts, index) order, which is also the index order. */
	record Position(Instant ts, long index) {

	}

	/**
	 * A stable text naming the filters and order, so a cursor cannot be replayed against
	 * a different query.
	 */
	String fingerprint() {
		return String.join("\u001f", this.actor.orElse(""), this.type.orElse(""), this.action.orElse(""),
				this.resourceType.orElse(""), this.resourceId.orElse(""), this.outcome.orElse(""),
				this.from.map(Instant::toString).orElse(""), this.to.map(Instant::toString).orElse(""),
				this.newestFirst ? "newest" : "oldest");
	}

	EventQuery after(Position position) {
		return new EventQuery(this.actor, this.type, this.action, this.resourceType, this.resourceId, this.outcome,
				this.from, this.to, this.newestFirst, this.limit, Optional.of(position));
	}

}
