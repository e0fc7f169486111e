package io.countersign.server.approval.internal.policies;

import java.util.Set;

import io.countersign.server.approval.PolicyDocument;

/**
 * The action types Countersign gates itself (issue 15): changing a policy, granting
 * {@code admin}, rotating the ledger keys, deleting or purging data. Outside setup mode
 * each is an approval request; in setup mode each applies directly, recorded with reason
 * {@code setup}.
 */
public final class GatedActions {

	public static final String POLICY_CHANGE = "policy.change";

	public static final String ROLE_GRANT_ADMIN = "role.grant.admin";

	public static final Set<String> TYPES = PolicyDocument.GATED_ACTION_TYPES;

	private GatedActions() {
	}

	public static boolean isGated(String actionType) {
		return TYPES.contains(actionType);
	}

}
