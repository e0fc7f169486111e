package io.countersign.server.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The ledger read front to back, for features that follow it (the detection engine of
 * alerts): pages of stored leaves by index, where a time falls, and the head. A follower
 * reads what it needs from the leaf alone (the canonical JSON of the event, see
 * {@link io.countersign.ledger.event.Event#fromLeaf}); the derived columns are not
 * trusted (only the time index finds where a replay starts), and leaf hashes are left to
 * verification. Proving entries is {@link ProvenEntries}' job.
 */
public interface LedgerFeed {

	/**
	 * Up to {@code max} entries from index {@code from} on, in index order, without a
	 * gap: the read stops before the first index not committed yet.
	 */
	List<Entry> read(long from, int max);

	/** The least index whose event time is at or after {@code time}, or the size. */
	long firstAtOrAfter(Instant time);

	/** The number of entries committed and the time of the last, if any. */
	Head head();

	/** One entry: its index and its leaf as stored. */
	record Entry(long index, byte[] leaf) {

	}

	/** The size of the ledger and the time of its newest entry. */
	record Head(long size, Optional<Instant> newest) {

	}

}
