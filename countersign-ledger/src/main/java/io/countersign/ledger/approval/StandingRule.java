// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A standing approval: its creator approves, in advance and until {@code until}, every
 * request of {@code actionType} whose parameters match {@code constraints}. It counts as
 * the creator's approval, so it never applies to a request the creator initiated (four
 * eyes), and never to an elevated policy or a gated change (docs/approvals.md, "Standing
 * rules"). The server and the evidence verifier both decide with {@link #refusal}.
 */
public record StandingRule(String id, String actionType, ParameterConstraints constraints, PersonId createdBy,
		Instant until) {

	/**
	 * The action types Countersign gates itself: changing a policy, granting admin,
	 * rotating the ledger keys, purging data. No rule approves them.
	 */
	public static final Set<String> GATED = Set.of("policy.change", "role.grant.admin", "ledger.key.rotate",
			"data.purge");

	/** Why no rule may ever approve requests of this action type and policy, if so. */
	public static Optional<String> excluded(String actionType, boolean elevated) {
		if (GATED.contains(actionType)) {
			return Optional.of(actionType + " is a gated change; people decide it, never a rule");
		}
		if (elevated) {
			return Optional.of("the policy of " + actionType + " is elevated; people decide it, never a rule");
		}
		return Optional.empty();
	}

	/**
	 * Why this rule does not approve a request of {@code actionType} with
	 * {@code parameters} opened by {@code initiator} under a policy that is
	 * {@code elevated} or not, at {@code at}; empty when it does.
	 */
	public Optional<String> refusal(String actionType, Map<String, Object> parameters, PersonId initiator,
			boolean elevated, Instant at) {
		if (!this.actionType.equals(actionType)) {
			return Optional.of("the rule is for " + this.actionType + ", the request for " + actionType);
		}
		Optional<String> excluded = excluded(actionType, elevated);
		if (excluded.isPresent()) {
			return excluded;
		}
		if (this.createdBy.equals(initiator)) {
			return Optional.of("the rule's creator " + initiator + " initiated the request (four eyes)");
		}
		if (!at.isBefore(this.until)) {
			return Optional.of("the rule ended at " + this.until);
		}
		return this.constraints.mismatch(parameters);
	}

}
