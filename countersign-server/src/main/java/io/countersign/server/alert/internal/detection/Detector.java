package io.countersign.server.alert.internal.detection;

import java.time.Duration;
import java.util.List;

/**
 * One detection rule over the ledger's events in index order (docs/alerts.md).
 *
 * <p>
 * The engine shows every event to every detector exactly once, in index order, inside the
 * transaction that then stores the findings and moves the stored position past the event;
 * anything a detector writes to the database through Spring's transaction commits or
 * rolls back with that. What a detector keeps in memory is only its windows: after a
 * restart, or after a transaction that rolled back, the engine calls {@link #reset()} and
 * shows it again the events of the last {@link #window()} up to the stored position with
 * {@code replay} set: it rebuilds its windows from them, must not write to the database,
 * and the engine discards what it finds then.
 */
public interface Detector {

	/** The rule this detector evaluates, {@code D1} … {@code D10}. */
	String rule();

	/** What the rule detects, one line for people ("Failed sign-ins for one account"). */
	String title();

	/**
	 * How far back the in-memory state reaches: the events the engine replays after a
	 * restart. {@link Duration#ZERO} for a detector without memory.
	 */
	Duration window();

	/** The findings this event completes, usually none. */
	List<Finding> observe(ObservedEvent event, boolean replay);

	/** Forgets every window (the engine replays next). */
	void reset();

}
