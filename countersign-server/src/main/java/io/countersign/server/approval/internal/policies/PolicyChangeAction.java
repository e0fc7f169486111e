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
		boolean undoing = request.rollbackOf().isPresent() && proposals.stream().allMatch(this::inForce);
		List<PolicyDiff.Change> changes = undoing ? restoring(proposals) : proposed(proposals);
		String diff = PolicyDiff.of(changes);
		// a rollback opened with the original's parameters may come without a diff: its
		// approvers decide on undoing the linked request
		if (!request.diff().equals(Optional.of(diff)) && !(undoing && request.diff().isEmpty())) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION,
					"The request's diff is not the diff of its proposed policies; open the change through "
							+ "POST /api/v1/policies so approvers see what would change:\n" + diff);
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

	// each proposal must be exactly the next version: a stale change never overwrites a
	// newer one
	private List<PolicyDiff.Change> proposed(List<PolicyDocument> proposals) {
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
		return changes;
	}

	// rolling back a change still in force: the version before each becomes the next one
	private List<PolicyDiff.Change> restoring(List<PolicyDocument> inForce) {
		List<PolicyDiff.Change> changes = new ArrayList<>();
		for (PolicyDocument current : inForce) {
			PolicyDocument previous = this.book.version(current.actionType(), current.version() - 1)
				.orElseThrow(() -> new CountersignException(ErrorCode.ERR_VALIDATION,
						"The policy of '" + current.actionType()
								+ "' is new in the rolled back change: there is no version to restore."));
			changes.add(new PolicyDiff.Change(Optional.of(current), previous.withVersion(current.version() + 1)));
		}
		return changes;
	}

	private boolean inForce(PolicyDocument proposal) {
		return this.book.current(proposal.actionType()).filter(proposal::equals).isPresent();
	}

}
