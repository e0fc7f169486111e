package io.countersign.ledger.tree;

import java.util.List;

import io.countersign.ledger.Hash;

/**
 * Reads stored tree hashes in one batch; level-0 ids are leaf hashes.
 *
 * <p>
 * Returns one hash per id, in the same order. May throw
 * {@link java.io.UncheckedIOException} or {@link IllegalStateException} when the store
 * cannot answer.
 */
@FunctionalInterface
public interface HashReader {

	List<Hash> read(List<NodeId> ids);

}
