package io.countersign.server.access.internal.roles;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.shared.Caller;

/**
 * Consulted before any role is granted, after the fixed rules (no self-grant, role
 * exists, account active) have passed. This is the seam where granting a powerful role
 * such as {@code admin} requires an approval by a second person: {@link GatedGrants} asks
 * the {@code RoleGrantGate} of approvals.
 */
interface GrantPolicy {

	Decision review(ProposedGrant grant);

	/**
	 * A grant about to be made; {@code newAccount}: it comes with creating the account.
	 */
	record ProposedGrant(Caller grantor, Account grantee, Role role, Optional<Instant> expiresAt,
			Optional<String> justification, boolean newAccount) {
	}

	sealed interface Decision {

		/** The grant may be made now; {@code reason} (e.g. {@code setup}) is recorded. */
		record Allowed(Optional<String> reason) implements Decision {
		}

		/** The grant may not be made; {@code reason} is shown to the caller. */
		record Refused(String reason) implements Decision {
		}

		/**
		 * The grant waits for an approval request at {@code location}; the caller is
		 * answered 202 with {@code answer}.
		 */
		record Deferred(URI location, Map<String, Object> answer) implements Decision {
		}

	}

}
