package io.countersign.client;

/** Anything the client could not do; the subclasses say what. */
public class CountersignClientException extends RuntimeException {

	public CountersignClientException(String message) {
		super(message);
	}

	public CountersignClientException(String message, Throwable cause) {
		super(message, cause);
	}

}
