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

	ERR_PERMISSION_DENIED(Kind.FORBIDDEN, "The caller lacks the permission this action needs."),

	ERR_RESERVED_EVENT(Kind.FORBIDDEN,
			"Only Countersign writes this: its own event types, the system actor and the submitter."),

	ERR_CSRF(Kind.FORBIDDEN, "The request lacks a valid CSRF token (send the X-CSRF-TOKEN header)."),

	ERR_SESSION_EXPIRED(Kind.UNAUTHENTICATED, "The session has ended; sign in again."),

	ERR_LOGIN_FAILED(Kind.UNAUTHENTICATED, "The user name or password is wrong."),

	ERR_LOGIN_LOCKED(Kind.UNAUTHENTICATED, "Too many failed sign-ins for this user name; try again later."),

	ERR_TOO_MANY_FAILURES(Kind.BUSY,
			"Too many failed authentications from this address; retry later. Valid credentials are still accepted."),

	ERR_MFA_REQUIRED(Kind.UNAUTHENTICATED, "A TOTP code is required for this account."),

	ERR_MFA_ENROLLMENT_REQUIRED(Kind.FORBIDDEN,
			"A role of this account requires TOTP; enroll with POST /api/v1/me/totp using an API token first."),

	ERR_INVALID_TOTP(Kind.INVALID_INPUT, "The TOTP code is not valid."),

	ERR_TOTP_ALREADY_ENABLED(Kind.CONFLICT, "TOTP is already enabled for this account."),

	ERR_WEAK_PASSWORD(Kind.INVALID_INPUT, "The password does not meet the password policy."),

	ERR_ACCOUNT_NOT_FOUND(Kind.NOT_FOUND, "No such account."),

	ERR_ACCOUNT_ARCHIVED(Kind.CONFLICT, "The account is archived."),

	ERR_USERNAME_TAKEN(Kind.CONFLICT, "An account with this user name exists."),

	ERR_SSO_SUBJECT_LINKED(Kind.CONFLICT, "This identity-provider user is linked to another account."),

	ERR_TOKEN_NOT_FOUND(Kind.NOT_FOUND, "No such API token."),

	ERR_UNKNOWN_ROLE(Kind.NOT_FOUND, "No such role."),

	ERR_UNKNOWN_PERMISSION(Kind.NOT_FOUND, "No such permission."),

	ERR_ROLE_EXISTS(Kind.CONFLICT, "A role with this name exists."),

	ERR_BUILT_IN_ROLE(Kind.CONFLICT, "Built-in roles cannot be deleted."),

	ERR_SELF_GRANT(Kind.FORBIDDEN, "Nobody may change their own roles or permissions."),

	ERR_LAST_ADMIN(Kind.CONFLICT, "The change would leave no active account holding the admin role."),

	ERR_REAUTHENTICATION_REQUIRED(Kind.FORBIDDEN,
			"This action needs a console session signed in recently; sign in again and retry."),

	ERR_LEDGER_UNAVAILABLE(Kind.UNAVAILABLE, "The ledger is temporarily unavailable; retry later."),

	ERR_LEDGER_INTEGRITY(Kind.INTEGRITY, "The ledger failed an integrity check."),

	ERR_INVALID_CHECKPOINT(Kind.INVALID_INPUT,
			"The checkpoint is not a well-formed signed note, or not signed by this ledger's key."),

	ERR_VERIFY_IN_PROGRESS(Kind.BUSY, "A ledger verification is already running on this server; retry later."),

	ERR_UNKNOWN_ACTION_TYPE(Kind.NOT_FOUND, "No approval policy governs this action type."),

	ERR_INVALID_QUORUM(Kind.INVALID_INPUT, "The quorum expression does not parse."),

	ERR_QUORUM_UNREACHABLE(Kind.CONFLICT,
			"The change would leave a policy's quorum unreachable by distinct eligible people."),

	ERR_NOT_AN_INITIATOR(Kind.FORBIDDEN, "The caller holds none of the roles that may initiate this action."),

	ERR_SERVICE_ACCOUNT_WITHOUT_OWNER(Kind.FORBIDDEN,
			"The service account has no owner, so no person answers for its requests; set an owner first."),

	ERR_JUSTIFICATION_TOO_SHORT(Kind.INVALID_INPUT, "The justification is shorter than the policy requires."),

	ERR_PROPOSAL_NOT_FOUND(Kind.NOT_FOUND, "No such approval request."),

	ERR_INVALID_STATE_TRANSITION(Kind.CONFLICT, "The approval request is not in a state that allows this."),

	ERR_SOLE_APPROVER(Kind.FORBIDDEN, "The initiator of a request cannot decide on it, under any account or token."),

	ERR_DUPLICATE_DECISION(Kind.CONFLICT, "This person has already decided on this revision of the request."),

	ERR_INVALID_SIGNATURE(Kind.INVALID_INPUT,
			"The signature does not verify with the caller's registered key over this request's signing message."),

	ERR_QUORUM_NOT_MET(Kind.CONFLICT, "The request's quorum is not met."),

	ERR_KEY_NOT_FOUND(Kind.NOT_FOUND, "No such approver key."),

	ERR_KEY_REGISTERED(Kind.CONFLICT, "This public key is already registered."),

	ERR_DELEGATION_TO_SELF(Kind.INVALID_INPUT, "Nobody delegates their right to decide to themselves."),

	ERR_DELEGATION_TO_INITIATOR(Kind.FORBIDDEN,
			"A delegate cannot decide on a request that they or the person they decide for initiated."),

	ERR_DELEGATION_CHAIN(Kind.FORBIDDEN,
			"A right to decide held only by delegation is not delegated onward, and only direct delegations count."),

	ERR_DELEGATION_EXPIRED(Kind.FORBIDDEN, "The delegation is not in force: it ended, was revoked, or has not begun."),

	ERR_DELEGATION_NOT_FOUND(Kind.NOT_FOUND, "No such delegation."),

	ERR_DELEGATION_WINDOW(Kind.INVALID_INPUT,
			"A delegation's window must end in the future, after it begins, and be no longer than allowed."),

	ERR_STANDING_RULE_ELEVATED(Kind.INVALID_INPUT,
			"No standing rule approves an elevated action or a gated change; people decide those."),

	ERR_STANDING_RULE_NOT_FOUND(Kind.NOT_FOUND, "No such standing rule."),

	ERR_CONCURRENT_CHANGE(Kind.CONFLICT, "Another change to the same resource committed first; retry."),

	ERR_REPORT_NOT_READY(Kind.CONFLICT, "The compliance report is not ready (still generating, or it failed)."),

	ERR_UNKNOWN_CHANNEL(Kind.INVALID_INPUT, "No active notification channel has this id."),

	ERR_UNKNOWN_RECIPIENT(Kind.INVALID_INPUT, "No role or account has this name."),

	ERR_OUTBOUND_URL_REFUSED(Kind.INVALID_INPUT,
			"Countersign does not send to this URL: not http or https, with user info, or to an address of the server's "
					+ "own network (loopback, link-local, cloud metadata, unspecified, multicast)."),

	ERR_INVALID_DURATION(Kind.INVALID_INPUT,
			"The duration is not an ISO-8601 duration (such as PT15M) within the allowed range."),

	ERR_ALERT_NOT_FOUND(Kind.NOT_FOUND, "No such alert."),

	ERR_ALERT_STATE_TRANSITION(Kind.CONFLICT,
			"The alert is not in a state that allows this: acknowledge an open alert, resolve one not resolved yet."),

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

		/** The same work is already under way; try again later. */
		BUSY,

		/** The HTTP method is not supported by the resource (protocol-level). */
		METHOD_NOT_ALLOWED,

		/** The request body's content type is not supported (protocol-level). */
		UNSUPPORTED_MEDIA_TYPE,

		/** No representation matches the Accept header (protocol-level). */
		NOT_ACCEPTABLE

	}

}
