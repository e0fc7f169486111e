package io.countersign.server.access.internal.roles;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.approval.RoleName;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountDirectory;
import io.countersign.server.access.internal.web.AccessInput;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Granting roles to accounts, possibly until a given time, and revoking them. The rules,
 * in order: the account exists and is active, it is not the caller's own
 * ({@link SelfGrantRule}), the role exists, the caller holds every permission it gives
 * ({@link GrantorHoldsPermissionsRule}), the {@link GrantPolicy} allows it, and the
 * change leaves an admin ({@link LastAdminRule}).
 */
@Service
public class GrantingRoles {

	static final String MANUAL = "manual";

	static final String ROLES_MANAGE = "roles:manage";

	private final AccountDirectory directory;

	private final Roles roles;

	private final RoleGrants grants;

	private final SelfGrantRule selfGrant;

	private final LastAdminRule lastAdmin;

	private final GrantPolicy policy;

	private final GrantorHoldsPermissionsRule grantorHolds;

	private final AccessChanges changes;

	private final AccessAudit audit;

	private final TransactionTemplate transaction;

	private final Clock clock;

	GrantingRoles(AccountDirectory directory, Roles roles, RoleGrants grants, SelfGrantRule selfGrant,
			LastAdminRule lastAdmin, GrantPolicy policy, GrantorHoldsPermissionsRule grantorHolds,
			AccessChanges changes, AccessAudit audit, TransactionTemplate transaction, Clock clock) {
		this.directory = directory;
		this.roles = roles;
		this.grants = grants;
		this.selfGrant = selfGrant;
		this.lastAdmin = lastAdmin;
		this.policy = policy;
		this.grantorHolds = grantorHolds;
		this.changes = changes;
		this.audit = audit;
		this.transaction = transaction;
		this.clock = clock;
	}

	public RoleGrant grant(Caller caller, String username, RoleName role, Optional<Instant> expiresAt) {
		Instant now = this.clock.instant();
		Account grantee = this.directory.activeAccount(username);
		this.selfGrant.checkGrant(caller, grantee, role, "grant");
		RoleGrant grant = proposed(caller, grantee, role, expiresAt, now);
		this.transaction.executeWithoutResult((status) -> {
			if (LastAdminRule.ADMIN.equals(grant.role()) && expiresAt.isPresent()) {
				// a time-limited admin grant lapses on its own: it must not be the last
				this.lastAdmin.checkLosingAdmin(grantee, now);
			}
			this.grants.put(grant);
			this.changes.changed();
			recordGranted(caller, grantee, grant);
		});
		return grant;
	}

	public void revoke(Caller caller, String username, RoleName role) {
		Instant now = this.clock.instant();
		Account grantee = this.directory.activeAccount(username);
		this.selfGrant.checkGrant(caller, grantee, role, "revoke");
		existing(role);
		this.transaction.executeWithoutResult((status) -> {
			if (LastAdminRule.ADMIN.equals(role)) {
				this.lastAdmin.checkLosingAdmin(grantee, now);
			}
			boolean removed = this.grants.remove(grantee.accountId(), role);
			this.changes.changed();
			if (removed) {
				this.audit.record(EventDraft.of("authz_change", caller.actor())
					.withAction("revoke")
					.withResource(new Resource("account", grantee.username()))
					.withDetails(Map.of("role", role.value(), "change", "revoke")));
			}
		});
	}

	/**
	 * Roles given with a new account are grants too: {@code users:manage} alone must not
	 * be a way around {@code roles:manage}.
	 */
	public void checkMayGrant(Caller caller) {
		if (!caller.holds(ROLES_MANAGE)) {
			this.audit.recordDenial(caller, "grant", new Resource("permission", ROLES_MANAGE),
					"missing permission " + ROLES_MANAGE, Map.of("permission", ROLES_MANAGE));
			throw new CountersignException(ErrorCode.ERR_PERMISSION_DENIED,
					"Creating an account with roles requires " + "the permission '" + ROLES_MANAGE
							+ "' as well; create it without roles, or ask an administrator.");
		}
	}

	/**
	 * The grant {@code caller} asks for, once the rules that need no transaction passed:
	 * the role exists, the caller holds what it gives, and the grant policy allows it.
	 * The self-grant rule is the caller's to check first.
	 */
	public RoleGrant proposed(Caller caller, Account grantee, RoleName roleName, Optional<Instant> expiresAt,
			Instant now) {
		Role role = this.roles.find(roleName)
			.orElseThrow(
					() -> new CountersignException(ErrorCode.ERR_UNKNOWN_ROLE, "No role is named '" + roleName + "'."));
		AccessInput.future("expiresAt", expiresAt, now);
		this.grantorHolds.checkGrant(caller, grantee, role);
		if (this.policy.review(new GrantPolicy.ProposedGrant(caller, grantee, role,
				expiresAt)) instanceof GrantPolicy.Decision.Refused refused) {
			throw new CountersignException(ErrorCode.ERR_FORBIDDEN, refused.reason());
		}
		return new RoleGrant(grantee.accountId(), role.name(), caller.username(), now, expiresAt, MANUAL);
	}

	private Role existing(RoleName name) {
		return this.roles.find(name)
			.orElseThrow(
					() -> new CountersignException(ErrorCode.ERR_UNKNOWN_ROLE, "No role is named '" + name + "'."));
	}

	/** Records a grant; called in the transaction that stores it. */
	public void recordGranted(Caller caller, Account grantee, RoleGrant grant) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("role", grant.role().value());
		grant.expiresAt().ifPresent((expiry) -> details.put("expiresAt", expiry.toString()));
		details.put("change", "grant");
		this.audit.record(EventDraft.of("authz_change", caller.actor())
			.withAction("grant")
			.withResource(new Resource("account", grantee.username()))
			.withDetails(details));
	}

}
