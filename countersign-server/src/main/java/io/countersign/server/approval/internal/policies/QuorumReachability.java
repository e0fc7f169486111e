package io.countersign.server.approval.internal.policies;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.Reachability;
import io.countersign.ledger.approval.RoleName;
import io.countersign.ledger.approval.Unreachable;
import io.countersign.server.access.RoleHolders;
import io.countersign.server.approval.PolicyDocument;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Component;

/**
 * Whether a policy's quorum can be met by distinct eligible people other than whoever
 * initiates ({@code QuorumPolicy#reachability}): eligible are the active accounts that
 * hold a role the quorum names and the permission to decide; possible initiators those
 * that hold an initiator role and the permission to request. Read in the caller's
 * transaction, so a change being made is already counted. Service accounts may initiate
 * but never decide (decisions are signed by people), so they are never eligible.
 */
@Component
public class QuorumReachability {

	static final String DECIDE = "approvals:decide";

	static final String REQUEST = "approvals:request";

	private final RoleHolders holders;

	QuorumReachability(RoleHolders holders) {
		this.holders = holders;
	}

	/** Refuses with ERR_QUORUM_UNREACHABLE if {@code policy} cannot be met. */
	public void check(PolicyDocument policy, Instant now) {
		problem(policy, now).ifPresent((problem) -> {
			throw new CountersignException(ErrorCode.ERR_QUORUM_UNREACHABLE, "Refused: " + problem);
		});
	}

	/**
	 * Refuses with ERR_QUORUM_UNREACHABLE, naming the first such policy, if one of
	 * {@code policies} cannot be met; {@code change} says what would make it so.
	 */
	public void checkAll(List<PolicyDocument> policies, Instant now, String change) {
		for (PolicyDocument policy : policies) {
			Optional<String> problem = problem(policy, now);
			if (problem.isPresent()) {
				throw new CountersignException(ErrorCode.ERR_QUORUM_UNREACHABLE,
						change + " would leave a quorum unreachable: " + problem.get());
			}
		}
	}

	/** What makes {@code policy} unreachable, in words, if it is. */
	Optional<String> problem(PolicyDocument policy, Instant now) {
		Set<String> named = policy.quorumPolicy()
			.effectiveQuorum()
			.roles()
			.stream()
			.map(RoleName::value)
			.collect(Collectors.toSet());
		Map<PersonId, Set<RoleName>> eligible = new LinkedHashMap<>();
		this.holders.holdersWithPermission(named, DECIDE, now, true)
			.forEach((person, roles) -> eligible.put(PersonId.of(person),
					roles.stream().map(RoleName::of).collect(Collectors.toSet())));
		Set<PersonId> initiators = this.holders.holdersWithPermission(policy.initiators(), REQUEST, now, false)
			.keySet()
			.stream()
			.map(PersonId::of)
			.collect(Collectors.toSet());
		Reachability reachability = policy.quorumPolicy().reachability(eligible, initiators);
		if (reachability instanceof Unreachable unreachable) {
			return Optional.of(describe(policy, unreachable));
		}
		return Optional.empty();
	}

	private static String describe(PolicyDocument policy, Unreachable unreachable) {
		String term = unreachable.term().toString();
		String whom = unreachable.initiator()
			.map((initiator) -> " when '" + initiator + "' initiates (an initiator never counts)")
			.orElse("");
		return "the policy '" + policy.actionType() + "' (quorum '" + policy.quorum() + "'"
				+ (policy.elevated() ? ", elevated by " + policy.elevation().orElseThrow() : "") + ") cannot be met"
				+ whom + ": the term '" + term + "' lacks "
				+ unreachable.closest().firstOpenTerm().orElseThrow().missing() + " distinct active people holding '"
				+ unreachable.term().role() + "' and " + DECIDE + ".";
	}

}
