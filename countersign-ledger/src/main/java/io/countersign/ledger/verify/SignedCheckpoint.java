package io.countersign.ledger.verify;

import java.util.Objects;

/**
 * The raw signed-note text of a checkpoint, as stored or published.
 */
public record SignedCheckpoint(String note) {

	public SignedCheckpoint {
		Objects.requireNonNull(note, "note");
	}

}
