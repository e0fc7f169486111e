package io.countersign.server.approval.internal.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.QuorumMet;
import io.countersign.ledger.approval.StandingRule;
import io.countersign.ledger.approval.Verdict;
import io.countersign.server.access.People;
import io.countersign.server.access.RoleHolders;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.internal.ApprovalAudit;
import io.countersign.server.approval.internal.ApprovalEvents;
import io.countersign.server.approval.internal.decisions.DecidingApproval;
import io.countersign.server.approval.internal.decisions.Decisions;
import io.countersign.server.approval.internal.decisions.StoredDecision;
import io.countersign.server.approval.internal.requests.ApprovalRequests;
import io.countersign.server.approval.internal.requests.Revision;
import io.countersign.server.approval.internal.requests.StoredRequest;

import org.springframework.stereotype.Component;

/**
 * Applies the standing rules in force to a request just opened, inside the transaction
 * that opens it: each matching rule counts as its creator's approval
 * ({@code ACTION_AUTO_APPROVED}), until the quorum is met. A rule never applies to an
 * elevated policy or a gated change, nor when its creator initiated the request (four
 * eyes) or no longer holds the rights and a role the policy counts.
 */
@Component
public class ApplyingStandingRules {

	private final StandingRules rules;

	private final Decisions decisions;

	private final ApprovalRequests requests;

	private final People people;

	private final RoleHolders holders;

	private final ApprovalAudit audit;

	ApplyingStandingRules(StandingRules rules, Decisions decisions, ApprovalRequests requests, People people,
			RoleHolders holders, ApprovalAudit audit) {
		this.rules = rules;
		this.decisions = decisions;
		this.requests = requests;
		this.people = people;
		this.holders = holders;
		this.audit = audit;
	}

	/**
	 * Where a request stands after the rules, and whether any rule recorded an approval.
	 *
	 * @param request the request after the rules: APPROVED, or as it was
	 * @param approvalsRecorded whether a rule approved (the request has decisions now)
	 */
	public record Applied(StoredRequest request, boolean approvalsRecorded) {

	}

	/** Applies the rules in force to a request just opened (its first revision). */
	public Applied apply(StoredRequest request, Revision revision, PolicyDocument policy, Instant now) {
		if (StandingRule.excluded(policy.actionType(), policy.elevated()).isPresent()) {
			return new Applied(request, false);
		}
		// a request just opened has no decisions yet
		List<StoredDecision> made = new ArrayList<>();
		StoredRequest current = request;
		for (StoredRule rule : this.rules.inForce(request.actionType(), now)) {
			if (current.state() != ApprovalState.UNDER_REVIEW) {
				break;
			}
			Optional<Set<String>> roles = countedRoles(rule, current, revision, policy, made, now);
			if (roles.isEmpty()) {
				continue;
			}
			StoredDecision approval = new StoredDecision(request.id(), revision.number(), rule.createdBy(),
					made.size() + 1, Verdict.APPROVE, "standing rule " + rule.id() + ": " + rule.reason(),
					List.copyOf(roles.get()), "", "", now, "", Optional.empty(), Optional.empty(),
					Optional.of(rule.id()));
			made.add(approval);
			boolean met = DecidingApproval.status(policy, current, made) instanceof QuorumMet;
			StoredRequest after = met ? current.withState(ApprovalState.APPROVED, now) : current;
			String eventId = record(after, revision, approval, rule);
			this.decisions.insert(approval.withEventId(eventId));
			if (after != current) {
				this.requests.move(request.id(), current.state(), after.state(), now);
			}
			current = after;
		}
		return new Applied(current, !made.isEmpty());
	}

	/**
	 * The creator's roles the rule counts with, when it applies: the shared rule (action
	 * type, exclusions, four eyes, window, parameters), the creator still an active
	 * account holding both rights and a role the policy counts, and not counted already.
	 */
	private Optional<Set<String>> countedRoles(StoredRule rule, StoredRequest request, Revision revision,
			PolicyDocument policy, List<StoredDecision> made, Instant now) {
		String creator = rule.createdBy();
		if (rule.rule()
			.refusal(request.actionType(), revision.content().parameters(), PersonId.of(request.initiatorPerson()),
					policy.elevated(), now)
			.isPresent() || request.initiatedBy(creator)
				|| made.stream().anyMatch((decision) -> decision.involves(creator))) {
			return Optional.empty();
		}
		Set<String> roles = new TreeSet<>(this.people.rolesOf(creator, now));
		if (policy.deciderRoles().stream().noneMatch(roles::contains) || !holds(creator, roles, "approvals:decide", now)
				|| !holds(creator, roles, "policies:manage", now)) {
			return Optional.empty();
		}
		return Optional.of(roles);
	}

	private boolean holds(String person, Set<String> roles, String permission, Instant now) {
		return this.holders.holdersWithPermission(roles, permission, now, true).containsKey(person);
	}

	private String record(StoredRequest after, Revision revision, StoredDecision approval, StoredRule rule) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("revision", (long) revision.number());
		details.put("digest", revision.digest().hex());
		details.put("decision", Verdict.APPROVE.wireName());
		details.put("reason", approval.reason());
		details.put("approver", rule.createdBy());
		details.put("roles", approval.roles());
		details.put("rule", rule.toJson());
		details.put("state", after.state().name());
		return this.audit.recordStep(ApprovalEvents.AUTO_APPROVED, ApprovalAudit.SYSTEM, after,
				Optional.of(approval.reason()), details);
	}

}
