package io.countersign.server.access.internal.roles;

import java.util.Optional;

import io.countersign.server.access.RoleGrantGate;
import io.countersign.server.access.RoleGrantGate.Verdict;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The grant policy: every grant that passes the fixed rules, unless a
 * {@link RoleGrantGate} (approvals: granting {@code admin} outside setup mode) defers or
 * refuses it. Access does not depend on approvals; approvals implement the gate.
 */
@Component
class GatedGrants implements GrantPolicy {

	private final ObjectProvider<RoleGrantGate> gates;

	GatedGrants(ObjectProvider<RoleGrantGate> gates) {
		this.gates = gates;
	}

	@Override
	public Decision review(ProposedGrant grant) {
		Optional<String> reason = Optional.empty();
		for (RoleGrantGate gate : this.gates.orderedStream().toList()) {
			Verdict verdict = gate.review(new RoleGrantGate.ProposedGrant(grant.grantor(), grant.grantee().username(),
					grant.role().name().value(), grant.expiresAt(), grant.justification(), grant.newAccount()));
			if (verdict instanceof Verdict.Deferred deferred) {
				return new Decision.Deferred(deferred.location(), deferred.answer());
			}
			if (verdict instanceof Verdict.Refused refused) {
				return new Decision.Refused(refused.reason());
			}
			if (((Verdict.Proceed) verdict).reason().isPresent()) {
				reason = ((Verdict.Proceed) verdict).reason();
			}
		}
		return new Decision.Allowed(reason);
	}

}
