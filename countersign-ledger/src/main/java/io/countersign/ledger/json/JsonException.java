package io.countersign.ledger.json;

/**
 * Thrown when text is not the JSON this module accepts, or a value cannot be written as
 * JSON.
 */
public class JsonException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public JsonException(String message) {
		super(message);
	}

}
