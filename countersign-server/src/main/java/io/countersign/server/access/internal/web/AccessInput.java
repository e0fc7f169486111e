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
 * The rules for what the access API accepts: names, text lengths and times. Messages name
 * the field, never echo its value.
 */
public final class AccessInput {

	static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

	static final Pattern ROLE_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

	static final Pattern PERMISSION = Pattern.compile("[a-z][a-z0-9_-]{0,31}:[a-z][a-z0-9_-]{0,31}");

	static final int MAX_DISPLAY_NAME = 200;

	static final int MAX_DESCRIPTION = 500;

	static final int MAX_TOKEN_NAME = 128;

	/** Longer than any password policy asks for; longer input is refused unread. */
	static final int MAX_PASSWORD = 1024;

	private AccessInput() {
	}

	static String username(String value) {
		if (value == null || !USERNAME.matcher(value).matches()) {
			throw invalid("username must be 1 to 64 characters of a-z, 0-9 and . _ @ -, "
					+ "starting with a letter or digit, in lower case");
		}
		return value;
	}

	static RoleName roleName(String value) {
		if (value == null || !ROLE_NAME.matcher(value).matches()) {
			throw invalid("role name must be 1 to 64 characters of a-z, 0-9, _ and -, starting with a letter");
		}
		return RoleName.of(value);
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

	/** A required, non-blank text of at most {@code max} characters. */
	static String text(String field, String value, int max) {
		if (value == null || value.isBlank()) {
			throw invalid(field + " is required and must not be blank");
		}
		return optionalText(field, Optional.of(value), max).orElseThrow();
	}

	/** An optional text; when present, non-blank and at most {@code max} characters. */
	static Optional<String> optionalText(String field, Optional<String> value, int max) {
		value.ifPresent((text) -> {
			if (text.isBlank()) {
				throw invalid(field + " must not be blank");
			}
			if (text.length() > max) {
				throw invalid(field + " must be at most " + max + " characters");
			}
			if (text.chars().anyMatch(Character::isISOControl)) {
				throw invalid(field + " must not contain control characters");
			}
		});
		return value;
	}

	/** A secret: only its length is checked here, the rest is the password policy's. */
	static String secret(String field, String value) {
		if (value == null || value.isEmpty()) {
			throw invalid(field + " is required");
		}
		if (value.length() > MAX_PASSWORD) {
			throw invalid(field + " must be at most " + MAX_PASSWORD + " characters");
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
