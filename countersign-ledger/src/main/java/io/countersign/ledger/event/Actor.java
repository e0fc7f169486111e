package io.countersign.ledger.event;

/**
 * Who did it: an identifier and its kind (for example {@code user}, {@code service}).
 */
public record Actor(String id, String type) {

	public Actor {
		Envelope.requireText("actor.id", id);
		Envelope.requireText("actor.type", type);
	}

}
