package io.countersign.server.shared;

import java.util.Objects;

/**
 * A failure with a stable {@link ErrorCode}; the web layer turns it into an RFC 9457
 * problem, the CLI into an exit status and a one-line message.
 */
public class CountersignException extends RuntimeException {

	private final ErrorCode code;

	public CountersignException(ErrorCode code, String message) {
		super(message);
		this.code = Objects.requireNonNull(code, "code");
	}

	public CountersignException(ErrorCode code, String message, Throwable cause) {
		super(message, cause);
		this.code = Objects.requireNonNull(code, "code");
	}

	public CountersignException(ErrorCode code) {
		this(code, code.defaultMessage());
	}

	public ErrorCode code() {
		return this.code;
	}

}
