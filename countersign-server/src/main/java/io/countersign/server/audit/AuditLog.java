package io.countersign.server.audit;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Appends events to the audit ledger. Every method returns (or completes) only once the
 * events are committed to the database; a failure means nothing of that call was
 * acknowledged.
 */
public interface AuditLog {

	/**
	 * Appends one event and waits until it is durable.
	 * @throws io.countersign.server.shared.CountersignException {@code ERR_VALIDATION} or
	 * {@code ERR_EVENT_TOO_LARGE} for a draft the ledger cannot store,
	 * {@code ERR_LEDGER_UNAVAILABLE} when the write failed
	 */
	Appended append(EventDraft draft);

	/** Appends the drafts in one transaction, in order, all or none. */
	List<Appended> appendAll(List<EventDraft> drafts);

	/**
	 * Appends one event without waiting; the future completes after commit, or
	 * exceptionally with a {@link io.countersign.server.shared.CountersignException}.
	 */
	CompletableFuture<Appended> appendAsync(EventDraft draft);

	/** The latest tree this server has committed or loaded. */
	TreeHead treeHead();

}
