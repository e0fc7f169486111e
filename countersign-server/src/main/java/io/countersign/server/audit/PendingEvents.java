package io.countersign.server.audit;

import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.event.Resource;

/**
 * What is committed but not on the ledger yet: the events still in the audit outbox
 * (decision 011), waiting for the instance that recorded them or, if it stopped, for the
 * drainer of any instance. A feature whose next step on a resource must come after the
 * steps already recorded in the ledger's order (docs/decisions/023) asks here and waits
 * while an earlier event about the resource is pending: an event it records later is then
 * necessarily appended after it.
 * <p>
 * Read the resource's state first and this afterwards: a state change and its outbox row
 * commit together, and the row is deleted only in the transaction that appends it, so a
 * resource absent here whose change was seen has that change's event on the ledger.
 */
public interface PendingEvents {

	/** At most this many outbox rows are read; more make the answer unknown. */
	int LIMIT = 1000;

	/**
	 * The resources of the events waiting in the outbox of any instance.
	 * @return empty when more than {@link #LIMIT} events are waiting (a ledger outage):
	 * callers treat every resource as pending
	 */
	Optional<Set<Resource>> resources();

}
