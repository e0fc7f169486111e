package io.countersign.ledger.verify;

import io.countersign.ledger.note.Checkpoint;

/**
 * Every entry and checkpoint checked out; {@code latest} is the largest verified
 * checkpoint, or the computed tree head when there was none.
 */
public record Intact(long entries, long checkpointsChecked, Checkpoint latest) implements VerifyResult {

}
