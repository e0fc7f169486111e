package io.countersign.server.audit.internal;

import java.time.Instant;

import io.countersign.ledger.Hash;

/** A ledger row as read back: its index, the leaf, and the columns the reader checks. */
record StoredRow(long index, byte[] leaf, Hash leafHash, Instant ts) {

}
