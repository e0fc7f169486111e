package io.countersign.server.access;

import java.time.Instant;
import java.util.Optional;

/**
 * Makes a grant that an approval request decided, when its initiator claims the
 * execution: the gate is not asked again, access's own rules are (the account is still
 * active, the role exists). Runs in the caller's transaction and records
 * {@code authz_change} linked to the request.
 */
public interface ApprovedRoleGrants {

	/**
	 * @param grantor the user name of the request's initiator
	 * @param approvalId the approval request that decided it
	 */
	void grant(String grantor, String username, String role, Optional<Instant> expiresAt, String approvalId);

}
