package io.countersign.server.approval;

import java.time.Instant;
import java.util.Set;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApprovalState;

/**
 * An approval request as the people concerned hear about it (notifications): what it
 * asks, where it stands and who could still decide it. Never enough to decide: deciding
 * needs a signed decision from a signed-in approver.
 *
 * @param id the request
 * @param actionType what is asked, e.g. {@code secret.rotate}
 * @param description the policy's description of the action
 * @param state where the request stands now
 * @param revision its current revision
 * @param initiator the account that opened it
 * @param initiatorPerson the person behind that account (the owner of a service account)
 * @param justification the current revision's justification
 * @param expiresAt when it expires unless decided
 * @param deciders the people (user names) who could still decide the current revision:
 * active holders of the policy's quorum, veto or elevation roles who have not decided it,
 * the initiator's person left out
 * @param vetoed whether it was rejected by a veto (rather than the quorum becoming
 * unreachable)
 */
public record RequestOverview(ApprovalRequestId id, String actionType, String description, ApprovalState state,
		int revision, String initiator, String initiatorPerson, String justification, Instant expiresAt,
		Set<String> deciders, boolean vetoed) {

	public RequestOverview {
		deciders = Set.copyOf(deciders);
	}

}
