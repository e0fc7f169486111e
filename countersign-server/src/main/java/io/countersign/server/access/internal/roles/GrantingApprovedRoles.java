package io.countersign.server.access.internal.roles;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.approval.RoleName;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.AccessChange;
import io.countersign.server.access.ApprovedRoleGrants;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.AccessGuards;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountDirectory;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Component;

/**
 * Makes a grant an approval request decided (e.g. {@code role.grant.admin}), in the
 * transaction of the execution claim: the account must still be active and not the
 * initiator's own, the role must still exist; the grant policy is not asked again.
 */
@Component
class GrantingApprovedRoles implements ApprovedRoleGrants {

	private final AccountDirectory directory;

	private final Roles roles;

	private final RoleGrants grants;

	private final AccessChanges changes;

	private final AccessAudit audit;

	private final AccessGuards guards;

	private final Clock clock;

	GrantingApprovedRoles(AccountDirectory directory, Roles roles, RoleGrants grants, AccessChanges changes,
			AccessAudit audit, AccessGuards guards, Clock clock) {
		this.directory = directory;
		this.roles = roles;
		this.grants = grants;
		this.changes = changes;
		this.audit = audit;
		this.guards = guards;
		this.clock = clock;
	}

	@Override
	public void grant(String grantor, String username, String role, Optional<Instant> expiresAt, String approvalId) {
		Instant now = this.clock.instant();
		Account grantee = this.directory.activeAccount(username);
		if (grantee.username().equals(grantor)) {
			throw new CountersignException(ErrorCode.ERR_SELF_GRANT, "Nobody may change their own roles.");
		}
		Role granted = this.roles.find(RoleName.of(role))
			.orElseThrow(
					() -> new CountersignException(ErrorCode.ERR_UNKNOWN_ROLE, "No role is named '" + role + "'."));
		this.grants
			.put(new RoleGrant(grantee.accountId(), granted.name(), grantor, now, expiresAt, GrantingRoles.MANUAL));
		this.changes.changed();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("role", granted.name().value());
		expiresAt.ifPresent((expiry) -> details.put("expiresAt", expiry.toString()));
		details.put("change", "grant");
		Actor actor = new Actor(grantor, "user");
		this.audit.record(EventDraft.of("authz_change", actor)
			.withAction("grant")
			.withResource(new Resource("account", grantee.username()))
			.withLinks(Map.of("approval_id", approvalId))
			.withDetails(details));
		this.guards.check(new AccessChange.RoleGranted(actor, grantee.username(), role));
	}

}
