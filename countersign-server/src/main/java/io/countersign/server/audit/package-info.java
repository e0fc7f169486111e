/**
 * The audit ledger inside the server: accepting events (the API's appends and the
 * features' own events through the outbox, in the transaction of their change),
 * sequencing them into the Merkle tree, writing, signing checkpoints, proofs, reads and
 * verification.
 * <p>
 * Exposes {@link io.countersign.server.audit.AuditTrail} (record a feature's own event in
 * its transaction), {@link io.countersign.server.audit.AuditLog} (append external
 * events), {@link io.countersign.server.audit.EventDraft}, the event types reserved to
 * Countersign ({@link io.countersign.server.audit.ReservedEvents}), and what the offline
 * tools need to read and verify a stored ledger; everything else is in {@code internal}.
 */
package io.countersign.server.audit;
