package io.countersign.server.audit;

import io.countersign.ledger.Hash;

/**
 * The size and RFC 6962 root of the ledger as this server last committed or loaded it.
 */
public record TreeHead(long size, Hash root) {

}
