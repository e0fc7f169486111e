package io.countersign.ledger.verify;

/**
 * What a verification found: the ledger is intact, or the first place it was tampered
 * with.
 */
public sealed interface VerifyResult permits Intact, Tampered {

}
