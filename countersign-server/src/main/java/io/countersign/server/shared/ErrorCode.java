package io.countersign.server.shared;

/**
 * Stable error codes of Countersign: clients, the CLI and the problem documents of the
 * HTTP API all use these names, so a constant is never renamed once released.
 */
public enum ErrorCode {

	ERR_MALFORMED_JSON(Kind.INVALID_INPUT, "The request body is not valid JSON."),

	ERR_VALIDATION(Kind.INVALID_INPUT, "The request is not valid."),

	ERR_EVENT_TOO_LARGE(Kind.TOO_LARGE, "The event is larger than allowed."),

	ERR_BATCH_TOO_LARGE(Kind.TOO_LARGE, "The batch holds more events than allowed."),

	ERR_INVALID_RANGE(Kind.INVALID_INPUT, "The requested range is not valid."),

	ERR_INVALID_CURSOR(Kind.INVALID_INPUT, "The cursor is not valid."),

	ERR_INDEX_OUT_OF_RANGE(Kind.INVALID_INPUT, "The index is beyond the end of the ledger."),

	ERR_ENTRY_NOT_FOUND(Kind.NOT_FOUND, "No such ledger entry."),

	ERR_NOT_FOUND(Kind.NOT_FOUND, "No such resource."),

	ERR_METHOD_NOT_ALLOWED(Kind.METHOD_NOT_ALLOWED, "The method is not allowed on this resource."),

	ERR_UNSUPPORTED_MEDIA_TYPE(Kind.UNSUPPORTED_MEDIA_TYPE, "The request content type is not supported."),

	ERR_NOT_ACCEPTABLE(Kind.NOT_ACCEPTABLE, "No acceptable representation is available."),

	ERR_UNAUTHENTICATED(Kind.UNAUTHENTICATED, "Authentication is required: send Authorization: Bearer <token>."),

	ERR_FORBIDDEN(Kind.FORBIDDEN, "The caller may not perform this action."),

	ERR_LEDGER_UNAVAILABLE(Kind.UNAVAILABLE, "The ledger is temporarily unavailable; retry later."),

	ERR_LEDGER_INTEGRITY(Kind.INTEGRITY, "The ledger failed an integrity check."),

	ERR_INTERNAL(Kind.INTERNAL, "An internal error occurred.");

	private final Kind kind;

	private final String defaultMessage;

	ErrorCode(Kind kind, String defaultMessage) {
		this.kind = kind;
		this.defaultMessage = defaultMessage;
	}

	public Kind kind() {
		return this.kind;
	}

	public String defaultMessage() {
		return this.defaultMessage;
	}

	/**
	 * The class of a failure, independent of transport: the web layer maps it to an HTTP
	 * status, the CLI to an exit code.
	 */
	public enum Kind {

		INVALID_INPUT, TOO_LARGE, NOT_FOUND, CONFLICT, UNAUTHENTICATED, FORBIDDEN, UNAVAILABLE, INTEGRITY, INTERNAL,

		/** The HTTP method is not supported by the resource (protocol-level). */
		METHOD_NOT_ALLOWED,

		/** The request body's content type is not supported (protocol-level). */
		UNSUPPORTED_MEDIA_TYPE,

		/** No representation matches the Accept header (protocol-level). */
		NOT_ACCEPTABLE

	}

}
