package io.countersign.server.audit;

import java.util.Optional;

import io.countersign.ledger.event.Resource;

/**
 * A resource's history as the ledger proves it (the events {@code GET
 * /api/v1/events?resourceType=…&resourceId=…} shows, with their proofs), for evidence
 * packages. It answers whatever it is asked: the caller decides who may see it.
 */
public interface ResourceHistories {

	/**
	 * The entries whose resource is {@code resource}, proven under a signed checkpoint
	 * that covers the last of them: the newest stored one when it does, else one cut now.
	 * @return empty when the ledger holds no entry about the resource
	 * @throws io.countersign.server.shared.CountersignException
	 * {@code ERR_LEDGER_INTEGRITY} when a stored entry or node does not match its leaf,
	 * {@code ERR_LEDGER_UNAVAILABLE} when the ledger cannot be read
	 */
	Optional<ProvenHistory> of(Resource resource);

}
