package io.countersign.server.notification.internal.web;

import java.util.Optional;
import java.util.UUID;

import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/** Checks shared by the notification endpoints. */
final class Web {

	private Web() {
	}

	/** An id (a UUID) from a path or query, refused with 400 otherwise. */
	static String id(String id) {
		try {
			return UUID.fromString(id).toString().equals(id) ? id : invalidId(id);
		}
		catch (IllegalArgumentException ex) {
			return invalidId(id);
		}
	}

	private static String invalidId(String id) {
		throw new CountersignException(ErrorCode.ERR_VALIDATION, "'" + id + "' is not an id (a lower-case UUID).");
	}

	static int limit(Optional<Integer> limit, int max) {
		if (limit.isPresent() && (limit.get() < 1 || limit.get() > max)) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "limit: must be 1 to " + max);
		}
		return limit.orElse(max);
	}

}
