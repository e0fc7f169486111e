package io.countersign.server.access.internal.roles;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.approval.RoleName;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.AccessChange;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.AccessGuards;
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
 * ({@link GrantorHoldsPermissionsRule}), the {@link GrantPolicy} allows it (or defers it
 * to an approval request), and the change leaves an admin ({@link LastAdminRule}); then
 * the {@link AccessGuards} (approvals: quorums stay reachable, setup mode ends with the
 * second admin), in the change's transaction.
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

	private final AccessGuards guards;

	private final TransactionTemplate transaction;

	private final Clock clock;

	GrantingRoles(AccountDirectory directory, Roles roles, RoleGrants grants, SelfGrantRule selfGrant,
			LastAdminRule lastAdmin, GrantPolicy policy, GrantorHoldsPermissionsRule grantorHolds,
			AccessChanges changes, AccessAudit audit, AccessGuards guards, TransactionTemplate transaction,
			Clock clock) {
		this.directory = directory;
		this.roles = roles;
		this.grants = grants;
		this.selfGrant = selfGrant;
		this.lastAdmin = lastAdmin;
		this.policy = policy;
		this.grantorHolds = grantorHolds;
		this.changes = changes;
		this.audit = audit;
		this.guards = guards;
		this.transaction = transaction;
		this.clock = clock;
	}

	public GrantOutcome grant(Caller caller, String username, RoleName role, Optional<Instant> expiresAt,
			Optional<String> justification) {
		Instant now = this.clock.instant();
		Account grantee = this.directory.activeAccount(username);
		this.selfGrant.checkGrant(caller, grantee, role, "grant");
		if (LastAdminRule.ADMIN.equals(role) && expiresAt.isPresent()) {
			// a fixed rule, so before the grant policy (which may open an approval
			// request); checked again under the lock when the grant is made
			this.transaction.executeWithoutResult((status) -> this.lastAdmin.checkLosingAdmin(grantee, now));
		}
		GrantPolicy.Decision decision = review(caller, grantee, role, expiresAt, justification, false, now);
		if (decision instanceof GrantPolicy.Decision.Deferred deferred) {
			return new GrantOutcome.Deferred(deferred.location(), deferred.answer());
		}
		Optional<String> reason = ((GrantPolicy.Decision.Allowed) decision).reason();
		RoleGrant grant = new RoleGrant(grantee.accountId(), role, caller.username(), now, expiresAt, MANUAL);
		this.transaction.executeWithoutResult((status) -> {
			if (LastAdminRule.ADMIN.equals(grant.role()) && expiresAt.isPresent()) {
				// a time-limited admin grant lapses on its own: it must not be the last
				this.lastAdmin.checkLosingAdmin(grantee, now);
			}
			this.grants.put(grant);
			this.changes.changed();
			recordGranted(caller, grantee, grant, reason);
			this.guards.check(new AccessChange.RoleGranted(caller.actor(), grantee.username(), role.value()));
		});
		return new GrantOutcome.Granted(grant, reason);
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
				this.guards.check(new AccessChange.RoleRevoked(caller.actor(), grantee.username(), role.value()));
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
	 * A grant that comes with a new account, once the rules that need no transaction
	 * passed: the role exists, the caller holds what it gives, and the grant policy
	 * allows it now (one it would defer to an approval is refused: the account cannot
	 * wait). The self-grant rule is the caller's to check first.
	 */
	public AllowedGrant proposed(Caller caller, Account grantee, RoleName roleName, Optional<Instant> expiresAt,
			Instant now) {
		GrantPolicy.Decision decision = review(caller, grantee, roleName, expiresAt, Optional.empty(), true, now);
		if (!(decision instanceof GrantPolicy.Decision.Allowed allowed)) {
			throw new CountersignException(ErrorCode.ERR_FORBIDDEN,
					"Granting '" + roleName + "' to a new account needs an approval first.");
		}
		return new AllowedGrant(new RoleGrant(grantee.accountId(), roleName, caller.username(), now, expiresAt, MANUAL),
				allowed.reason());
	}

	/** A grant the policy allowed, with the reason to record (e.g. {@code setup}). */
	public record AllowedGrant(RoleGrant grant, Optional<String> reason) {
	}

	// the role exists, the caller holds what it gives; then the policy: refused throws
	private GrantPolicy.Decision review(Caller caller, Account grantee, RoleName roleName, Optional<Instant> expiresAt,
			Optional<String> justification, boolean newAccount, Instant now) {
		Role role = existing(roleName);
		AccessInput.future("expiresAt", expiresAt, now);
		this.grantorHolds.checkGrant(caller, grantee, role);
		GrantPolicy.Decision decision = this.policy
			.review(new GrantPolicy.ProposedGrant(caller, grantee, role, expiresAt, justification, newAccount));
		if (decision instanceof GrantPolicy.Decision.Refused refused) {
			throw new CountersignException(ErrorCode.ERR_FORBIDDEN, refused.reason());
		}
		return decision;
	}

	private Role existing(RoleName name) {
		return this.roles.find(name)
			.orElseThrow(
					() -> new CountersignException(ErrorCode.ERR_UNKNOWN_ROLE, "No role is named '" + name + "'."));
	}

	/**
	 * Records a grant, with the reason the grant policy gave (e.g. {@code setup}); called
	 * in the transaction that stores it.
	 */
	public void recordGranted(Caller caller, Account grantee, RoleGrant grant, Optional<String> reason) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("role", grant.role().value());
		grant.expiresAt().ifPresent((expiry) -> details.put("expiresAt", expiry.toString()));
		details.put("change", "grant");
		EventDraft draft = EventDraft.of("authz_change", caller.actor())
			.withAction("grant")
			.withResource(new Resource("account", grantee.username()))
			.withDetails(details);
		this.audit.record(reason.isPresent() ? draft.withOutcome(Outcome.SUCCESS, reason) : draft);
	}

}
