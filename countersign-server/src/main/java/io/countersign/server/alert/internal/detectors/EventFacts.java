package io.countersign.server.alert.internal.detectors;

import java.util.Locale;
import java.util.Optional;

import io.countersign.server.alert.internal.detection.ObservedEvent;
import io.countersign.server.audit.ReservedEvents;

/**
 * What the detectors read from the access feature's events (docs/alerts.md, "Detectors"):
 * which account a failed or successful sign-in is about, which source it came from, what
 * an export or an aggregated failure counts.
 */
final class EventFacts {

	static final String LOGIN_FAIL = "authn_login_fail";

	static final String LOGIN_SUCCESS = "authn_login_success";

	static final String FAILURES_AGGREGATED = "authn_failures_aggregated";

	static final String AUTHZ_FAIL = "authz_fail";

	static final String AUTHZ_CHANGE = "authz_change";

	static final String PERMISSIONS_CHANGED = "privilege_permissions_changed";

	static final String VERIFICATION_FAILED = "countersign_ledger_verification_failed";

	static final String TREE_HEAD_CONTRADICTED = "countersign_tree_head_contradicted";

	private EventFacts() {
	}

	/**
	 * The account a failed sign-in named, folded to lower case: a password sign-in
	 * records the name as typed as its actor, single sign-on the account (if it got that
	 * far) as its resource; a bad token or session names no account.
	 */
	static Optional<String> failedAccount(ObservedEvent event) {
		if (!LOGIN_FAIL.equals(event.type())) {
			return Optional.empty();
		}
		if ("user".equals(event.actorType())) {
			return Optional.of(fold(event.actorId()));
		}
		return account(event);
	}

	/** The account of a successful sign-in (its resource, else its actor). */
	static Optional<String> signedInAccount(ObservedEvent event) {
		if (!LOGIN_SUCCESS.equals(event.type())) {
			return Optional.empty();
		}
		return account(event).or(() -> Optional.ofNullable(event.actorId()).map(EventFacts::fold));
	}

	/**
	 * How many failed authentications an event stands for: one for a failure recorded on
	 * its own, the failures an aggregated event sums up beyond those it says were
	 * recorded one by one.
	 */
	static long failures(ObservedEvent event) {
		if (LOGIN_FAIL.equals(event.type())) {
			return 1;
		}
		if (FAILURES_AGGREGATED.equals(event.type())) {
			return Math.max(0, number(event, "failures") - number(event, "recordedIndividually"));
		}
		return 0;
	}

	/**
	 * Whether an event reports an export: its action is {@code export}, or its type names
	 * one ({@code data_export}, {@code RECORDS_EXPORTED}).
	 */
	static boolean isExport(ObservedEvent event) {
		return event.action().filter((action) -> action.equalsIgnoreCase("export")).isPresent()
				|| containsIgnoringCase(event.type(), "export");
	}

	// every event passes here: no lower-cased copy of its type
	private static boolean containsIgnoringCase(String text, String part) {
		for (int at = 0; at + part.length() <= text.length(); at++) {
			if (text.regionMatches(true, at, part, 0, part.length())) {
				return true;
			}
		}
		return false;
	}

	/** The rows an export says it wrote: {@code details.rows}, else {@code records}. */
	static long exportedRows(ObservedEvent event) {
		long rows = number(event, "rows");
		return (rows > 0) ? rows : number(event, "records");
	}

	/** Whether the actor is a person or service acting (not Countersign, not nobody). */
	static boolean isAccountActor(ObservedEvent event) {
		// called for every event (D9): compared in place, nothing allocated
		String type = String.valueOf(event.actorType()).strip();
		return !ReservedEvents.isSystemActorType(type) && !type.equalsIgnoreCase("anonymous") && event.actorId() != null
				&& !event.actorId().isBlank();
	}

	/**
	 * Whether an export continues one already counted ({@code details.continued}: a
	 * further page of the same query), so that reading 800 events a page of 100 at a time
	 * is one export, not eight; its rows still count.
	 */
	static boolean continuesAnExport(ObservedEvent event) {
		return Boolean.TRUE.equals(event.details().get("continued"));
	}

	/** A whole number in the details, 0 if absent or not a number. */
	static long number(ObservedEvent event, String key) {
		return (event.details().get(key) instanceof Number number) ? number.longValue() : 0;
	}

	static Optional<String> text(ObservedEvent event, String key) {
		return (event.details().get(key) instanceof String text) ? Optional.of(text) : Optional.empty();
	}

	static String fold(String name) {
		return name.strip().toLowerCase(Locale.ROOT);
	}

	private static Optional<String> account(ObservedEvent event) {
		return event.resourceType()
			.filter("account"::equals)
			.flatMap((type) -> event.resourceId())
			.map(EventFacts::fold);
	}

}
