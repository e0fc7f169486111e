package io.countersign.server.access.internal.roles;

import org.springframework.stereotype.Component;

/** The grant policy until approvals exist: every grant that passes the fixed rules. */
@Component
class AnyGrant implements GrantPolicy {

	@Override
	public Decision review(ProposedGrant grant) {
		return new Decision.Allowed();
	}

}
