package io.countersign.server.approval.internal.policies;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.countersign.server.access.AccessChange;
import io.countersign.server.access.AccessChange.AccountArchived;
import io.countersign.server.access.AccessChange.PermissionRemoved;
import io.countersign.server.access.AccessChange.RoleDeleted;
import io.countersign.server.access.AccessChange.RoleGranted;
import io.countersign.server.access.AccessChange.RoleRevoked;
import io.countersign.server.access.AccessChangeGuard;
import io.countersign.server.approval.PolicyDocument;

import org.springframework.stereotype.Component;

/**
 * Watches access changes from inside their transactions (docs/decisions/019): a change
 * that takes from people the power to decide is refused with ERR_QUORUM_UNREACHABLE if a
 * policy's quorum could then no longer be met; the grant that gives a second account
 * {@code admin} ends setup mode, in the grant's own transaction.
 */
@Component
class QuorumGuard implements AccessChangeGuard {

	private final PolicyBook book;

	private final QuorumReachability reachability;

	private final SetupMode setupMode;

	private final Clock clock;

	QuorumGuard(PolicyBook book, QuorumReachability reachability, SetupMode setupMode, Clock clock) {
		this.book = book;
		this.reachability = reachability;
		this.setupMode = setupMode;
		this.clock = clock;
	}

	@Override
	public void check(AccessChange change) {
		if (change instanceof RoleGranted granted) {
			if (SetupMode.ADMIN.equals(granted.role())) {
				this.setupMode.endIfSecondAdmin(change.actor());
			}
			return;
		}
		// taking the lock first: a concurrent change that removes another eligible person
		// commits before this one reads, or waits for it
		boolean setup = this.setupMode.lockActive(change.actor());
		Instant now = this.clock.instant();
		List<PolicyDocument> policies = this.book.allCurrent()
			.stream()
			.filter((policy) -> !(setup && GatedActions.isGated(policy.actionType())))
			.filter((policy) -> concerns(change, policy))
			.toList();
		this.reachability.checkAll(policies, now, describe(change));
	}

	/**
	 * Whether the change can take an eligible person from the policy's quorum: any lost
	 * role may have been a quorum role or the one giving the permission to decide; a
	 * permission other than deciding eligibility does not matter.
	 */
	private static boolean concerns(AccessChange change, PolicyDocument policy) {
		if (change instanceof PermissionRemoved removed) {
			return QuorumReachability.DECIDE.equals(removed.permission());
		}
		return true;
	}

	private static String describe(AccessChange change) {
		if (change instanceof RoleRevoked revoked) {
			return "Revoking '" + revoked.role() + "' from '" + revoked.username() + "'";
		}
		if (change instanceof AccountArchived archived) {
			return "Archiving '" + archived.username() + "'";
		}
		if (change instanceof PermissionRemoved removed) {
			return "Taking '" + removed.permission() + "' from the role '" + removed.role() + "'";
		}
		if (change instanceof RoleDeleted deleted) {
			return "Deleting the role '" + deleted.role() + "'";
		}
		return "The change";
	}

}
