package io.countersign.server.alert.internal.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where detection stands, as {@code GET /api/v1/alerts/engine} shows it.
 *
 * @param enabled whether this instance takes part in detection
 * @param holder the instance that holds the detection lease, if any
 * @param heldHere whether that is this instance
 * @param leaseUntil until when the lease runs unrenewed
 * @param position the index of the next entry to evaluate
 * @param head the number of entries in the ledger
 * @param lagEntries head minus position
 * @param lagSeconds the time of the newest entry minus that of the last evaluated one (0
 * when caught up)
 * @param lastEvaluated the time of the last evaluated entry
 * @param rules the rules of the detectors on this instance
 */
public record DetectionStatus(boolean enabled, Optional<String> holder, boolean heldHere, Instant leaseUntil,
		long position, long head, long lagEntries, double lagSeconds, Optional<Instant> lastEvaluated,
		List<String> rules) {

}
