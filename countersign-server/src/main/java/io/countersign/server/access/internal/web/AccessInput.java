package io.countersign.server.access.internal.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

import io.countersign.ledger.approval.RoleName;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * The rules for what the access API accepts. Request bodies are checked by Bean
 * Validation with the patterns and lengths here (a failure is ERR_VALIDATION naming each
 * field); what follows converts path values, names and times, where a failure has a code
 * of its own (a role name that cannot exist is an unknown role). Messages name the field,
 * never echo its value.
 */
public final class AccessInput {

	static final String USERNAME_RULE = "[a-z0-9][a-z0-9._@-]{0,63}";

	static final String USERNAME_MESSAGE = "must be 1 to 64 characters of a-z, 0-9 and . _ @ -, "
			+ "starting with a letter or digit, in lower case";

	static final String ROLE_NAME_RULE = "[a-z][a-z0-9_-]{0,63}";

	static final String ROLE_NAME_MESSAGE = "must be 1 to 64 characters of a-z, 0-9, _ and -, starting with a letter";

	static final Pattern USERNAME = Pattern.compile(USERNAME_RULE);

	static final Pattern ROLE_NAME = Pattern.compile(ROLE_NAME_RULE);

	static final Pattern PERMISSION = Pattern.compile("[a-z][a-z0-9_-]{0,31}:[a-z][a-z0-9_-]{0,31}");

	static final int MAX_DISPLAY_NAME = 200;

	/**
	 * An e-mail address as HTML's {@code input type=email} accepts it: no spaces, line
	 * breaks, quotes or angle brackets, so an address can never add a mail header.
	 */
	static final String EMAIL_RULE = "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
			+ "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+";

	static final String EMAIL_MESSAGE = "must be an e-mail address such as alice@example.com";

	static final int MAX_EMAIL = 254;

	static final int MAX_DESCRIPTION = 500;

	static final int MAX_TOKEN_NAME = 128;

	/** Longer than any password policy asks for; longer input is refused unread. */
	static final int MAX_PASSWORD = 1024;

	private AccessInput() {
	}

	/**
	 * A user name from a path: one that cannot exist is simply not found (and not
	 * echoed).
	 */
	static String pathUsername(String value) {
		if (!USERNAME.matcher(value).matches()) {
			throw new CountersignException(ErrorCode.ERR_ACCOUNT_NOT_FOUND);
		}
		return value;
	}

	/** A role name from a path or body: one that cannot exist is an unknown role. */
	static RoleName knownRoleName(String value) {
		if (value == null || !ROLE_NAME.matcher(value).matches()) {
			throw new CountersignException(ErrorCode.ERR_UNKNOWN_ROLE);
		}
		return RoleName.of(value);
	}

	/** A permission name: one that cannot exist is an unknown permission. */
	static String permission(String value) {
		if (value == null || !PERMISSION.matcher(value).matches()) {
			throw new CountersignException(ErrorCode.ERR_UNKNOWN_PERMISSION);
		}
		return value;
	}

	/** An RFC 3339 time with an offset, e.g. {@code 2026-12-31T18:00:00Z}. */
	static Optional<Instant> time(String field, Optional<String> value) {
		return value.map((text) -> {
			try {
				return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
			}
			catch (DateTimeException ex) {
				throw invalid(field + " must be an RFC 3339 time such as 2026-12-31T18:00:00Z");
			}
		});
	}

	/** An expiry must lie ahead: a grant or token that is born expired is a mistake. */
	public static Optional<Instant> future(String field, Optional<Instant> value, Instant now) {
		value.ifPresent((time) -> {
			if (!time.isAfter(now)) {
				throw invalid(field + " must be in the future");
			}
		});
		return value;
	}

	static <T> Optional<T> present(Optional<T> value) {
		return (value != null) ? value : Optional.empty();
	}

	public static CountersignException invalid(String message) {
		return new CountersignException(ErrorCode.ERR_VALIDATION, message);
	}

}
