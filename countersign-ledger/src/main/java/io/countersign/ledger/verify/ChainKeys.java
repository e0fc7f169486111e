package io.countersign.ledger.verify;

import java.util.Optional;

/**
 * The HMAC chain keys by version, for verifiers allowed to check the chain.
 */
@FunctionalInterface
public interface ChainKeys {

	Optional<byte[]> key(int version);

}
