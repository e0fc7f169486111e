package io.countersign.server.audit;

import io.countersign.ledger.Hash;

/**
 * The receipt for a durable append: where the event sits in the tree, its RFC 6962 leaf
 * hash and its id.
 */
public record Appended(long index, Hash leafHash, String id) {

}
