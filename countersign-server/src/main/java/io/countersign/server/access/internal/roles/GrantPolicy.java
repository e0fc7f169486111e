package io.countersign.server.access.internal.roles;

import java.time.Instant;
import java.util.Optional;

import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.shared.Caller;

/**
 * Consulted before any role is granted, after the fixed rules (no self-grant, role
 * exists, account active) have passed. This is the seam where granting a powerful role
 * such as {@code admin} can later require an approval by a second person: a policy then
 * answers with a decision other than {@link Decision.Allowed}. Today's policy
 * ({@link AnyGrant}) allows every grant.
 */
interface GrantPolicy {

	Decision review(ProposedGrant grant);

	/** A grant about to be made. */
	record ProposedGrant(Caller grantor, Account grantee, Role role, Optional<Instant> expiresAt) {
	}

	sealed interface Decision {

		/** The grant may be made now. */
		record Allowed() implements Decision {
		}

		/** The grant may not be made; {@code reason} is shown to the caller. */
		record Refused(String reason) implements Decision {
		}

	}

}
