package io.countersign.server.shared;

import java.time.Duration;

/**
 * A request refused because the server is busy with the same kind of work; the caller may
 * try again after {@link #retryAfter()} (HTTP {@code Retry-After}).
 */
public class RetryLaterException extends CountersignException {

	private final Duration retryAfter;

	public RetryLaterException(ErrorCode code, String message, Duration retryAfter) {
		super(code, message);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
