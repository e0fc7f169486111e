package io.countersign.client;

import java.time.Duration;

/**
 * No decision within the time the caller would wait; the request stays open on the server
 * (cancel it, or wait again).
 */
public class DecisionTimeoutException extends CountersignClientException {

	private final String requestId;

	public DecisionTimeoutException(String requestId, Duration waited) {
		super("Request " + requestId + " was still under review after " + waited);
		this.requestId = requestId;
	}

	public String requestId() {
		return this.requestId;
	}

}
