package io.countersign.server.alert.internal.detectors;

import java.time.Instant;

/**
 * One event counted in a window: its ledger index, time and weight (1, or what it stands
 * for: the failures of an aggregated event, the rows of an export).
 */
record Hit(long index, Instant time, long weight) {

}
