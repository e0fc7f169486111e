package io.countersign.server.access;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.shared.Caller;

/**
 * Consulted before a role is granted, after access's own rules (account active, no
 * self-grant, role exists, grantor holds its permissions) have passed: approvals answer
 * that a grant of {@code admin} outside setup mode is an approval request instead.
 * Without a gate every grant proceeds.
 */
public interface RoleGrantGate {

	Verdict review(ProposedGrant grant);

	/**
	 * A grant about to be made.
	 *
	 * @param justification why, when the grantor gave one (an approval request needs it)
	 * @param newAccount whether the grant comes with creating the account, which cannot
	 * wait for an approval: a gate refuses what it would otherwise defer
	 */
	record ProposedGrant(Caller grantor, String username, String role, Optional<Instant> expiresAt,
			Optional<String> justification, boolean newAccount) {
	}

	/** What becomes of a proposed grant. */
	sealed interface Verdict {

		/**
		 * Grant it now; {@code reason}, if any, is recorded with it (e.g. {@code setup}).
		 */
		record Proceed(Optional<String> reason) implements Verdict {
		}

		/**
		 * Not now: something else (an approval request at {@code location}) decides; the
		 * grantor is answered 202 with {@code answer}.
		 */
		record Deferred(URI location, Map<String, Object> answer) implements Verdict {
		}

		/** Not this way; {@code reason} says how instead. */
		record Refused(String reason) implements Verdict {
		}

	}

}
