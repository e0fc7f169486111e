package io.countersign.ledger.event;

/**
 * What it was done to: a kind and an identifier.
 */
public record Resource(String type, String id) {

	public Resource {
		Envelope.requireText("resource.type", type);
		Envelope.requireText("resource.id", id);
	}

}
