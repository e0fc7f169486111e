package io.countersign.server.audit;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.event.Submitter;

/**
 * What only Countersign itself may write into the ledger: its own event types, the
 * {@code system} actor and its own submitter. The ledger refuses these from anyone else
 * ({@code ERR_RESERVED_EVENT}), and refuses an event of its own whose type is not
 * registered here, so an internal event type cannot be added without reserving it.
 */
public final class ReservedEvents {

	/**
	 * The submitter of every event Countersign writes itself. Accounts submit with
	 * {@code token:<id>} or {@code session:<id>}, so no account's submitter equals it.
	 */
	public static final Submitter COUNTERSIGN = new Submitter("countersign", "internal");

	/** The actor type of Countersign acting on its own (first start, lockouts, SSO). */
	public static final String SYSTEM_ACTOR_TYPE = "system";

	/**
	 * Families of types only Countersign writes: those it writes today and those of the
	 * features coming next, so no client can write one before Countersign does. Compared
	 * after {@link #fold}.
	 */
	public static final List<String> NAMESPACES = List.of("authn_", "authz_", "privilege_", "session_", "user_",
			"approval_", "alert_", "countersign_", "action_", "policy_change_", "policy_applied_", "approver_key_",
			"setup_mode_", "rule_", "delegation_", "notification_", "compliance_");

	/**
	 * Every event type Countersign writes; each lies in one of the {@link #NAMESPACES}.
	 */
	public static final Set<String> TYPES = Set.of("authn_login_success", "authn_login_fail", "authn_login_lock",
			"authn_failures_aggregated", "authn_password_change_fail", "authn_token_created", "authn_token_revoked",
			"authz_fail", "authz_change", "privilege_permissions_changed", "user_created", "user_updated",
			"user_archived", "session_created", "session_expired",
			// approvals (docs/approvals.md; the names of the seeds, upper case)
			"ACTION_QUEUED", "ACTION_REVISED", "ACTION_APPROVED", "ACTION_REJECTED", "ACTION_EXPIRED",
			"ACTION_CANCELLED", "ACTION_EXECUTION_STARTED", "ACTION_EXECUTION_SUCCEEDED", "ACTION_EXECUTION_FAILED",
			"ACTION_ROLLED_BACK", "ACTION_AUTO_APPROVED", "POLICY_CHANGE_PROPOSED", "POLICY_CHANGE_REVIEWED",
			"POLICY_CHANGE_APPROVED", "POLICY_CHANGE_REJECTED", "POLICY_CHANGE_ACTIVATED", "POLICY_CHANGE_ROLLED_BACK",
			"APPROVER_KEY_REGISTERED", "APPROVER_KEY_REVOKED", "SETUP_MODE_ENDED", "POLICY_APPLIED_IN_SETUP",
			"RULE_CREATED", "RULE_REVOKED",
			// delegation of the right to decide (docs/approvals.md, "Delegation")
			"DELEGATION_GRANTED", "DELEGATION_REVOKED",
			// notification channels (docs/approvals.md, "Notifications")
			"notification_channel_created", "notification_channel_changed", "notification_channel_removed",
			// compliance (docs/compliance.md)
			"compliance_checks_evaluated", "compliance_control_attested", "compliance_access_reviewed",
			"compliance_report_generated",
			// suspicious-activity alerts (docs/alerts.md)
			"alert_raised", "alert_acknowledged", "alert_resolved",
			// alert detectors (docs/alerts.md, "Detectors"): a setting changed, and the
			// ledger's own integrity findings that D10 reads
			"alert_detector_changed", "countersign_ledger_verification_failed", "countersign_tree_head_contradicted",
			// Countersign's own exports of events, which D6 counts (docs/api.md,
			// "Events")
			"countersign_events_exported",
			// alert routing (docs/alerts.md, "Routing")
			"alert_route_changed", "alert_escalated",
			// retention of operational rows (docs/decisions/031, RowsPurged)
			"countersign_rows_purged");

	static {
		for (String type : TYPES) {
			// lower or upper case (the approval seeds' names), words joined by '_' only
			if (namespaceOf(type).isEmpty() || !fold(type).equals(type.toLowerCase(Locale.ROOT))) {
				throw new IllegalStateException("own event type " + type + " is not in a reserved namespace");
			}
		}
	}

	private ReservedEvents() {
	}

	/**
	 * The reserved namespace {@code type} falls in, whatever its case and separators:
	 * {@code USER_CREATED}, {@code User.Created} and {@code user-created} all are
	 * {@code user_}.
	 */
	public static Optional<String> namespaceOf(String type) {
		for (String namespace : NAMESPACES) {
			if (startsWithFolded(type, namespace)) {
				return Optional.of(namespace);
			}
		}
		return Optional.empty();
	}

	/** Whether an actor type is {@code system}, in any case and with any padding. */
	public static boolean isSystemActorType(String actorType) {
		return actorType.strip().equalsIgnoreCase(SYSTEM_ACTOR_TYPE);
	}

	/**
	 * A type as it is compared with the namespaces: ASCII lower case, with {@code - . :}
	 * read as {@code _} (the other characters a type may hold).
	 */
	static String fold(String type) {
		StringBuilder folded = new StringBuilder(type.length());
		for (int i = 0; i < type.length(); i++) {
			folded.append(fold(type.charAt(i)));
		}
		return folded.toString();
	}

	// Without allocating: this runs for every event a client appends.
	private static boolean startsWithFolded(String type, String namespace) {
		if (type.length() < namespace.length()) {
			return false;
		}
		for (int i = 0; i < namespace.length(); i++) {
			if (fold(type.charAt(i)) != namespace.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static char fold(char c) {
		if (c >= 'A' && c <= 'Z') {
			return (char) (c + ('a' - 'A'));
		}
		return (c == '-' || c == '.' || c == ':') ? '_' : c;
	}

}
