package io.countersign.server.audit.internal;

import java.util.Map;

import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.ReservedEvents;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * The limits an event must meet before it is queued, whoever sends it: the query columns
 * of {@code ledger_entry} have fixed widths, and one bad row must never fail the other
 * events of its batch.
 */
final class EventRules {

	/** The largest canonical leaf the ledger stores. */
	static final int MAX_LEAF_BYTES = 64 * 1024;

	static final int MAX_TYPE = 128;

	static final int MAX_ACTION = 128;

	static final int MAX_ID = 256;

	static final int MAX_ACTOR_TYPE = 64;

	static final int MAX_RESOURCE_TYPE = 128;

	static final int MAX_LINK_NAME = 128;

	static final int MAX_LINK_VALUE = 256;

	static final int MAX_IP = 64;

	static final int MAX_USER_AGENT = 1024;

	private EventRules() {
	}

	/**
	 * Checks a draft; {@code where} prefixes the field names in messages (for example
	 * {@code "[3]."} for the fourth event of a batch). Field names are only put together
	 * when a check fails: this runs for every appended event.
	 */
	static void check(EventDraft draft, String where) {
		String type = identifier(where, "type", draft.type(), MAX_TYPE);
		if (!isType(type)) {
			throw invalid(where + "type must match [A-Za-z0-9_.:-]+");
		}
		identifier(where, "actor.id", draft.actor().id(), MAX_ID);
		identifier(where, "actor.type", draft.actor().type(), MAX_ACTOR_TYPE);
		identifier(where, "submitter.account", draft.submitter().account(), MAX_ID);
		identifier(where, "submitter.credential", draft.submitter().credential(), MAX_ID);
		checkReserved(draft, where);
		draft.action().ifPresent((action) -> identifier(where, "action", action, MAX_ACTION));
		draft.resource().ifPresent((resource) -> {
			identifier(where, "resource.type", resource.type(), MAX_RESOURCE_TYPE);
			identifier(where, "resource.id", resource.id(), MAX_ID);
		});
		draft.reason().ifPresent((reason) -> text(where, "reason", reason, MAX_LEAF_BYTES));
		draft.source().ifPresent((source) -> {
			source.ip().ifPresent((ip) -> identifier(where, "source.ip", ip, MAX_IP));
			source.userAgent().ifPresent((agent) -> text(where, "source.user_agent", agent, MAX_USER_AGENT));
		});
		for (Map.Entry<String, String> link : draft.links().entrySet()) {
			identifier(where, "links", link.getKey(), MAX_LINK_NAME);
			text(where, "links." + link.getKey(), link.getValue(), MAX_LINK_VALUE);
		}
	}

	/**
	 * Countersign's own events must be of a registered type, so a new one cannot be added
	 * without reserving it; anyone else's may not look like one.
	 */
	private static void checkReserved(EventDraft draft, String where) {
		if (draft.submitter().equals(ReservedEvents.COUNTERSIGN)) {
			if (!ReservedEvents.TYPES.contains(draft.type())) {
				throw new IllegalStateException(
						"Countersign's own event type " + draft.type() + " is not registered in ReservedEvents.TYPES");
			}
			return;
		}
		ReservedEvents.namespaceOf(draft.type()).ifPresent((namespace) -> {
			throw reserved(where + "type is in the namespace " + namespace
					+ ", which only Countersign writes (in any case or separator); prefix your own types, e.g. myapp."
					+ namespace);
		});
		if (ReservedEvents.isSystemActorType(draft.actor().type())) {
			throw reserved(where + "actor.type " + ReservedEvents.SYSTEM_ACTOR_TYPE + " is Countersign itself");
		}
	}

	static CountersignException reserved(String message) {
		return new CountersignException(ErrorCode.ERR_RESERVED_EVENT, message);
	}

	// [A-Za-z0-9_.:-]+, without a regular expression
	private static boolean isType(String type) {
		for (int i = 0; i < type.length(); i++) {
			char c = type.charAt(i);
			boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
					|| c == '.' || c == ':' || c == '-';
			if (!allowed) {
				return false;
			}
		}
		return !type.isEmpty();
	}

	// Column values: no control characters (PostgreSQL text rejects NUL, and nobody
	// filters on a newline), no lone surrogates (they would not survive UTF-8).
	private static String identifier(String where, String field, String value, int max) {
		text(where, field, value, max);
		for (int i = 0; i < value.length(); i++) {
			if (Character.isISOControl(value.charAt(i))) {
				throw invalid(where + field + " must not contain control characters");
			}
		}
		return value;
	}

	private static void text(String where, String field, String value, int max) {
		if (value == null || value.isEmpty()) {
			throw invalid(where + field + " must be a non-empty string");
		}
		if (value.length() > max) {
			throw invalid(where + field + " must be at most " + max + " characters, not " + value.length());
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw invalid(where + field + " must not contain a lone surrogate");
			}
		}
	}

	static CountersignException invalid(String message) {
		return new CountersignException(ErrorCode.ERR_VALIDATION, message);
	}

}
