package io.countersign.server.approval.internal.policies;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.access.ApprovedRoleGrants;
import io.countersign.server.approval.ApprovedRequest;
import io.countersign.server.approval.ServerExecutedAction;

import org.springframework.stereotype.Component;

/**
 * Executes an approved {@code role.grant.admin}: grants the role, in the claim's
 * transaction, as access records it ({@code authz_change} linked to the request).
 */
@Component
class AdminGrantAction implements ServerExecutedAction {

	private final ApprovedRoleGrants grants;

	AdminGrantAction(ApprovedRoleGrants grants) {
		this.grants = grants;
	}

	@Override
	public String actionType() {
		return GatedActions.ROLE_GRANT_ADMIN;
	}

	@Override
	public Object execute(ApprovedRequest request) {
		Map<String, Object> parameters = request.parameters();
		if (!(parameters.get(AdminGrantGate.USERNAME) instanceof String username)
				|| !SetupMode.ADMIN.equals(parameters.get(AdminGrantGate.ROLE))) {
			throw new IllegalArgumentException(
					"the parameters of role.grant.admin are {\"username\": ..., \"role\": \"admin\"}");
		}
		Optional<Instant> expiresAt = Optional.ofNullable(parameters.get(AdminGrantGate.EXPIRES_AT))
			.map((expiry) -> Instant.parse((String) expiry));
		this.grants.grant(request.initiator(), username, SetupMode.ADMIN, expiresAt, request.id().toString());
		Map<String, Object> result = new LinkedHashMap<>();
		result.put(AdminGrantGate.USERNAME, username);
		result.put(AdminGrantGate.ROLE, SetupMode.ADMIN);
		expiresAt.ifPresent((expiry) -> result.put(AdminGrantGate.EXPIRES_AT, expiry.toString()));
		return result;
	}

}
