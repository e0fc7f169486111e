package io.countersign.ledger.verify;

import java.util.OptionalLong;

import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.ledger.note.VerifierKey;

/**
 * A signed checkpoint after checking its note, its signature and its origin: verified, or
 * rejected with the reason.
 */
public sealed interface OpenedCheckpoint permits OpenedCheckpoint.Verified, OpenedCheckpoint.Rejected {

	/** The checkpoint is well formed, signed by the key and names the key's origin. */
	record Verified(Checkpoint checkpoint) implements OpenedCheckpoint {
	}

	/** The checkpoint cannot be trusted. */
	record Rejected(Tampered tampered) implements OpenedCheckpoint {
	}

	/**
	 * Opens a signed checkpoint: a C2SP signed note, signed by {@code key}, whose text is
	 * a tlog-checkpoint with origin equal to the key name.
	 */
	static OpenedCheckpoint open(SignedCheckpoint signed, VerifierKey key) {
		SignedNote note;
		Checkpoint checkpoint;
		try {
			note = SignedNote.parse(signed.note());
			checkpoint = Checkpoint.parse(note.text());
		}
		catch (IllegalArgumentException ex) {
			return new Rejected(Tampered.nowhere(Failure.CHECKPOINT_MALFORMED, ex.getMessage()));
		}
		OptionalLong index = (checkpoint.size() > 0) ? OptionalLong.of(checkpoint.size() - 1) : OptionalLong.empty();
		if (!note.verifiedBy(key)) {
			return new Rejected(new Tampered(index, Failure.CHECKPOINT_SIGNATURE, "checkpoint of size "
					+ checkpoint.size() + " carries no valid signature by " + key.name() + "+" + keyIdHex(key)));
		}
		// C2SP tlog-checkpoint: the origin identifies the log; ours is the signing key's
		// name.
		if (!checkpoint.origin().equals(key.name())) {
			return new Rejected(new Tampered(index, Failure.CHECKPOINT_MALFORMED,
					"checkpoint origin \"" + checkpoint.origin() + "\" differs from key name \"" + key.name() + "\""));
		}
		return new Verified(checkpoint);
	}

	private static String keyIdHex(VerifierKey key) {
		return String.format("%08x", key.keyId());
	}

}
