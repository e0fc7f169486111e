package io.countersign.server.approval.internal.policies;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.server.approval.ApprovedRequest;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.ServerExecutedAction;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Component;

/**
 * Executes an approved {@code policy.change}: activates the proposed versions, in the
 * claim's transaction, with {@code POLICY_CHANGE_ACTIVATED}. Everything is checked again,
 * since a request may also be opened by hand through {@code POST /api/v1/approvals}: each
 * proposal is exactly the next version of its policy (no other change came first), the
 * request's diff is the one its parameters give (so approvers read what will run), its
 * roles still exist and its quorum is still reachable.
 */
@Component
class PolicyChangeAction implements ServerExecutedAction {

	static final String ACTIVATED = "POLICY_CHANGE_ACTIVATED";

	private final PolicyBook book;

	private final ChangingPolicies changing;

	private final QuorumReachability reachability;

	private final SetupMode setupMode;

	private final AuditTrail trail;

	private final Clock clock;

	PolicyChangeAction(PolicyBook book, ChangingPolicies changing, QuorumReachability reachability, SetupMode setupMode,
			AuditTrail trail, Clock clock) {
		this.book = book;
		this.changing = changing;
		this.reachability = reachability;
		this.setupMode = setupMode;
		this.trail = trail;
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
		recordActivated(request, activated);
		return (activated.size() == 1) ? activated.get(0) : activated;
	}

	private void recordActivated(ApprovedRequest request, List<Object> activated) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("revision", (long) request.revision());
		details.put("state", "EXECUTED");
		details.put("policy", activated.get(0));
		details.put(ChangingPolicies.POLICIES, activated);
		Map<String, String> links = new LinkedHashMap<>();
		links.put("approval_id", request.id().toString());
		request.rollbackOf().ifPresent((original) -> links.put("rollback_of", original.toString()));
		this.trail.record(EventDraft.of(ACTIVATED, new Actor(request.initiator(), "user"))
			.withAction("policy_change_activated")
			.withResource(new Resource("approval_request", request.id().toString()))
			.withLinks(links)
			.withDetails(details));
	}

}
