package io.countersign.server.access.internal.roles;

import java.time.Instant;
import java.util.Optional;

import io.countersign.ledger.approval.RoleName;
import io.countersign.server.access.internal.accounts.AccountId;

/**
 * An account holding a role, possibly until a given time. {@code source} is
 * {@code manual} for grants made through the API or CLI and {@code sso} for grants kept
 * in step with an identity provider's group claim.
 */
public record RoleGrant(AccountId accountId, RoleName role, String grantedBy, Instant grantedAt,
		Optional<Instant> expiresAt, String source) {

	public boolean activeAt(Instant now) {
		return this.expiresAt.map(now::isBefore).orElse(true);
	}

}
