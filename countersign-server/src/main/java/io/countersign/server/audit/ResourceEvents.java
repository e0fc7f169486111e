package io.countersign.server.audit;

import java.time.Instant;
import java.util.List;

import io.countersign.ledger.event.Resource;

/**
 * The ledger entries about one resource, oldest first, as a list for people (the
 * console's history of an approval request, each entry linked to the audit viewer). Read
 * from the entries' indexed columns without proofs: whoever wants the proof opens the
 * entry in the audit viewer, which checks it. It answers whatever it is asked: the caller
 * decides who may see it.
 */
public interface ResourceEvents {

	/** At most this many entries are listed (the oldest). */
	int LIMIT = 500;

	List<LoggedEvent> of(Resource resource);

	/**
	 * One ledger entry.
	 *
	 * @param index its position in the ledger
	 * @param recordedAt its time
	 * @param type its event type
	 * @param actor its actor's id
	 * @param outcome {@code success}, {@code failure} or {@code unknown}
	 */
	record LoggedEvent(long index, Instant recordedAt, String type, String actor, String outcome) {

	}

}
