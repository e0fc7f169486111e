package io.countersign.server.approval.internal.policies;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.RoleHolders;
import io.countersign.server.approval.OpenedRequest;
import io.countersign.server.approval.OpeningRequest;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.approval.internal.execution.ExecutorSecrets;
import io.countersign.server.approval.internal.policies.PolicyChangeOutcome.AppliedInSetup;
import io.countersign.server.approval.internal.policies.PolicyChangeOutcome.Requested;
import io.countersign.server.approval.internal.policies.PolicyChangeOutcome.Unchanged;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import io.countersign.server.shared.webhook.OutboundGuard;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Proposing new policy versions (one, or all of an import): each is checked (its roles
 * exist, its quorum is reachable), then, in setup mode, activated at once and recorded
 * with reason {@code setup}; otherwise one {@code policy.change} request is opened whose
 * parameters carry the proposed documents and whose diff shows old against new.
 */
@Service
class ChangingPolicies {

	static final String POLICIES = "policies";

	static final String APPLIED_IN_SETUP = "POLICY_APPLIED_IN_SETUP";

	static final String SETUP = "setup";

	static final int MAX_POLICIES = 200;

	private final PolicyBook book;

	private final RoleHolders roles;

	private final QuorumReachability reachability;

	private final SetupMode setupMode;

	private final OpeningRequest opening;

	private final AuditTrail trail;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final ExecutorSecrets secrets;

	private final OutboundGuard guard;

	ChangingPolicies(PolicyBook book, RoleHolders roles, QuorumReachability reachability, SetupMode setupMode,
			OpeningRequest opening, AuditTrail trail, TransactionTemplate transaction, Clock clock,
			ExecutorSecrets secrets, OutboundGuard guard) {
		this.secrets = secrets;
		this.guard = guard;
		this.book = book;
		this.roles = roles;
		this.reachability = reachability;
		this.setupMode = setupMode;
		this.opening = opening;
		this.trail = trail;
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * Proposes {@code proposals} (their version numbers are ignored).
	 * @param justification why, for the request (outside setup mode the policy of
	 * {@code policy.change} says how long it must be)
	 */
	PolicyChangeOutcome propose(Caller caller, List<PolicyDocument> proposals, Optional<String> justification) {
		return propose(caller, proposals, List.of(), justification);
	}

	/**
	 * Proposes {@code proposals}, storing (sealed) the executor secrets they bring in the
	 * same transaction; a webhook policy must name a secret stored now or before.
	 */
	PolicyChangeOutcome propose(Caller caller, List<PolicyDocument> proposals, List<String> executorSecrets,
			Optional<String> justification) {
		if (proposals.size() > MAX_POLICIES) {
			throw PolicyForm.invalid("at most " + MAX_POLICIES + " policies change at once");
		}
		Set<String> seen = new HashSet<>();
		for (PolicyDocument proposal : proposals) {
			if (proposal.executedByWebhook() && GatedActions.isGated(proposal.actionType())) {
				// Countersign performs these itself inside the claim; an executor
				// answering
				// "executed" must never stand in for activating a policy or granting
				// admin
				throw PolicyForm.invalid("'" + proposal.actionType()
						+ "' is executed by Countersign itself; its execution cannot be \"webhook\"");
			}
			if (!seen.add(proposal.actionType())) {
				throw PolicyForm.invalid("the policy of '" + proposal.actionType() + "' is given twice");
			}
			checkRolesExist(proposal);
			// resolved before the transaction: an executor the server must not call is
			// refused before anything is stored or recorded
			proposal.executor().ifPresent((executor) -> this.guard.checkBeforeSaving(URI.create(executor.url())));
		}
		return this.transaction.execute((status) -> {
			Instant now = this.clock.instant();
			boolean setup = this.setupMode.lockActive(caller.actor());
			executorSecrets.forEach((secret) -> this.secrets.store(secret, caller.username(), now));
			for (PolicyDocument proposal : proposals) {
				proposal.executor()
					.filter((executor) -> !this.secrets.has(executor.secretFingerprint()))
					.ifPresent((executor) -> {
						throw PolicyForm.invalid("executor.secretFingerprint of '" + proposal.actionType()
								+ "' names no stored secret; give executor.secret instead");
					});
			}
			List<PolicyDiff.Change> changes = changes(proposals);
			if (changes.isEmpty()) {
				return new Unchanged(proposals.stream()
					.map((proposal) -> this.book.current(proposal.actionType()).orElseThrow())
					.toList());
			}
			for (PolicyDiff.Change change : changes) {
				// in setup mode a gated change needs no quorum: its policy may wait for
				// the second admin
				if (!(setup && GatedActions.isGated(change.proposed().actionType()))) {
					this.reachability.check(change.proposed(), now);
				}
			}
			if (setup) {
				List<PolicyDocument> applied = new ArrayList<>();
				for (PolicyDiff.Change change : changes) {
					applied.add(applyInSetup(caller, change));
				}
				return new AppliedInSetup(applied);
			}
			String diff = PolicyDiff.of(changes);
			List<Object> documents = new ArrayList<>();
			changes.forEach((change) -> documents.add(change.proposed().toJson()));
			Map<String, Object> parameters = new LinkedHashMap<>();
			parameters.put(POLICIES, documents);
			OpenedRequest request = this.opening.open(caller, GatedActions.POLICY_CHANGE, parameters, Optional.of(diff),
					justification.orElse(""));
			return new Requested(request, diff, changes.stream().map(PolicyDiff.Change::proposed).toList());
		});
	}

	/**
	 * The proposals that change something, each numbered as the version it would become,
	 * in the order of their action types.
	 */
	List<PolicyDiff.Change> changes(List<PolicyDocument> proposals) {
		List<PolicyDiff.Change> changes = new ArrayList<>();
		proposals.stream().sorted((a, b) -> a.actionType().compareTo(b.actionType())).forEach((proposal) -> {
			Optional<PolicyDocument> current = this.book.current(proposal.actionType());
			if (PolicyDiff.changes(current, proposal)) {
				int next = current.map(PolicyDocument::version).orElse(0) + 1;
				changes.add(new PolicyDiff.Change(current, proposal.withVersion(next)));
			}
		});
		return changes;
	}

	void checkRolesExist(PolicyDocument policy) {
		Set<String> named = new TreeSet<>(policy.initiators());
		named.addAll(policy.veto());
		policy.quorumPolicy().effectiveQuorum().roles().forEach((role) -> named.add(role.value()));
		Set<String> unknown = this.roles.unknown(named);
		if (!unknown.isEmpty()) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "The policy of '" + policy.actionType()
					+ "' names roles that do not exist: " + unknown + " (create them first).");
		}
	}

	private PolicyDocument applyInSetup(Caller caller, PolicyDiff.Change change) {
		PolicyDocument applied = this.book.activate(change.proposed(), caller.username(), Optional.empty());
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("policy", applied.toJson());
		change.current().ifPresent((current) -> details.put("previousVersion", (long) current.version()));
		details.put("diff", PolicyDiff.of(change.current(), applied));
		this.trail.record(EventDraft.of(APPLIED_IN_SETUP, caller.actor())
			.withAction("policy_applied_in_setup")
			.withResource(new Resource("approval_policy", applied.actionType()))
			.withOutcome(Outcome.SUCCESS, Optional.of(SETUP))
			.withDetails(details));
		return applied;
	}

}
