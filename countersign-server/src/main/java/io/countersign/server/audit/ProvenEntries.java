package io.countersign.server.audit;

import java.util.List;

/**
 * Chosen ledger entries as the ledger proves them, for evidence (an alert's): each with
 * its inclusion proof in the tree of a signed checkpoint that covers them all. It answers
 * whatever it is asked: the caller decides who may see it.
 */
public interface ProvenEntries {

	/**
	 * The entries at {@code indexes} (in index order, once each) under the newest stored
	 * checkpoint when it covers them, else one cut now.
	 * @throws io.countersign.server.shared.CountersignException
	 * {@code ERR_ENTRY_NOT_FOUND} for an index not in the ledger,
	 * {@code ERR_LEDGER_INTEGRITY} when a stored entry or node does not match its leaf
	 */
	ProvenHistory of(List<Long> indexes);

}
