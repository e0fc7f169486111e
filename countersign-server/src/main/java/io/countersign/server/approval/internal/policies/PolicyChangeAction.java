package io.countersign.server.approval.internal.policies;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.countersign.server.approval.ApprovedRequest;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.ServerExecutedAction;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Component;

/**
 * Executes an approved {@code policy.change}: activates the proposed versions, in the
 * claim's transaction (the execution records {@code POLICY_CHANGE_ACTIVATED} with the
 * result: the activated document, or the list of them for an import). Everything is
 * checked again, since a request may also be opened by hand through
 * {@code POST /api/v1/approvals}: each proposal is exactly the next version of its policy
 * (no other change came first), the request's diff is the one its parameters give (so
 * approvers read what will run), its roles still exist and its quorum is still reachable.
 */
@Component
class PolicyChangeAction implements ServerExecutedAction {

	private final PolicyBook book;

	private final ChangingPolicies changing;

	private final QuorumReachability reachability;

	private final SetupMode setupMode;

	private final Clock clock;

	PolicyChangeAction(PolicyBook book, ChangingPolicies changing, QuorumReachability reachability, SetupMode setupMode,
			Clock clock) {
		this.book = book;
		this.changing = changing;
		this.reachability = reachability;
		this.setupMode = setupMode;
		this.clock = clock;
	}

	@Override
	public String actionType() {
		return GatedActions.POLICY_CHANGE;
	}

	@Override
	public Object execute(ApprovedRequest request) {
		Instant now = this.clock.instant();
		List<PolicyDocument> proposals = PolicyJson.proposals(request.parameters());
		this.setupMode.lock();
		List<PolicyDiff.Change> changes = new ArrayList<>();
		for (PolicyDocument proposal : proposals) {
			Optional<PolicyDocument> current = this.book.current(proposal.actionType());
			int next = current.map(PolicyDocument::version).orElse(0) + 1;
			if (proposal.version() != next) {
				throw new CountersignException(ErrorCode.ERR_CONCURRENT_CHANGE,
						"The policy of '" + proposal.actionType() + "' changed since this request was opened: version "
								+ proposal.version() + " was proposed, version " + next + " would be next.");
			}
			changes.add(new PolicyDiff.Change(current, proposal));
		}
		if (!request.diff().equals(Optional.of(PolicyDiff.of(changes)))) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION,
					"The request's diff is not the diff of its proposed policies; open the change through "
							+ "POST /api/v1/policies so approvers see what would change.");
		}
		List<Object> activated = new ArrayList<>();
		for (PolicyDiff.Change change : changes) {
			this.changing.checkRolesExist(change.proposed());
			this.reachability.check(change.proposed(), now);
			PolicyDocument policy = this.book.activate(change.proposed(), request.initiator(),
					Optional.of(request.id().toString()));
			activated.add(policy.toJson());
		}
		return (activated.size() == 1) ? activated.get(0) : activated;
	}

}
