package io.countersign.server.audit;

/**
 * Records the events of Countersign's own features in the same database transaction as
 * the change they describe, so that a change never commits without its evidence (see
 * docs/decisions/011-audit-outbox.md). External producers' events take {@link AuditLog}
 * instead.
 */
public interface AuditTrail {

	/**
	 * Records an event as part of the current transaction, or of a transaction of its own
	 * if none is active. The event reaches the ledger only if that transaction commits,
	 * and then exactly once: right after the commit, and the outermost
	 * {@code TransactionTemplate.execute} (or this call, without a transaction) returns
	 * once it is in the ledger, waiting a bounded time; should that fail, it is appended
	 * later from the outbox, and at the latest after a restart.
	 * @return the event's id
	 * @throws io.countersign.server.shared.CountersignException {@code ERR_VALIDATION} or
	 * {@code ERR_EVENT_TOO_LARGE} for a draft the ledger cannot store (the transaction is
	 * then rolled back by its owner)
	 */
	String record(EventDraft draft);

}
