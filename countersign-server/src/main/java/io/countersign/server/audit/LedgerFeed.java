package io.countersign.server.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.event.Event;

/**
 * The ledger read front to back as parsed events, for features that follow it (the
 * detection engine of alerts): pages of entries by index, where a time falls, and the
 * head. Each event is parsed from its stored leaf alone; the derived columns are not
 * trusted (only the time index finds where a replay starts). Proving entries is
 * {@link ProvenEntries}' job.
 */
public interface LedgerFeed {

	/**
	 * Up to {@code max} entries from index {@code from} on, in index order, without a
	 * gap: the read stops before the first index not committed yet.
	 * @throws io.countersign.server.shared.CountersignException
	 * {@code ERR_LEDGER_INTEGRITY} when a stored leaf is not an event
	 */
	List<Entry> read(long from, int max);

	/** The least index whose event time is at or after {@code time}, or the size. */
	long firstAtOrAfter(Instant time);

	/** The number of entries committed and the time of the last, if any. */
	Head head();

	/** One entry: its index and the event its leaf holds. */
	record Entry(long index, Event event) {

	}

	/** The size of the ledger and the time of its newest entry. */
	record Head(long size, Optional<Instant> newest) {

	}

}
