package io.countersign.server.approval.internal.policies;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.access.RoleGrantGate;
import io.countersign.server.approval.OpenedRequest;
import io.countersign.server.approval.OpeningRequest;
import io.countersign.server.shared.Caller;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Granting {@code admin} is gated (issue 15): in setup mode it proceeds, recorded with
 * reason {@code setup}; otherwise it opens a {@code role.grant.admin} request and the
 * grant is made by {@link AdminGrantAction} once the request is approved and its
 * initiator claims the execution. Other roles proceed.
 */
@Component
class AdminGrantGate implements RoleGrantGate {

	static final String USERNAME = "username";

	static final String ROLE = "role";

	static final String EXPIRES_AT = "expiresAt";

	private final SetupMode setupMode;

	private final OpeningRequest opening;

	private final TransactionTemplate transaction;

	AdminGrantGate(SetupMode setupMode, OpeningRequest opening, TransactionTemplate transaction) {
		this.setupMode = setupMode;
		this.opening = opening;
		this.transaction = transaction;
	}

	@Override
	public Verdict review(ProposedGrant grant) {
		if (!SetupMode.ADMIN.equals(grant.role())) {
			return new Verdict.Proceed(Optional.empty());
		}
		Caller grantor = grant.grantor();
		String username = grant.username();
		String role = grant.role();
		Optional<Instant> expiresAt = grant.expiresAt();
		return this.transaction.execute((status) -> {
			if (this.setupMode.lockActive(grantor.actor())) {
				return new Verdict.Proceed(Optional.of(ChangingPolicies.SETUP));
			}
			if (grant.newAccount()) {
				return new Verdict.Refused("Granting admin needs an approval (role.grant.admin) now that setup mode "
						+ "has ended: create the account without admin, then grant it with PUT /api/v1/users/"
						+ username + "/roles/admin and a justification.");
			}
			Map<String, Object> parameters = new LinkedHashMap<>();
			parameters.put(USERNAME, username);
			parameters.put(ROLE, role);
			expiresAt.ifPresent((expiry) -> parameters.put(EXPIRES_AT, expiry.toString()));
			String diff = "+ " + username + ": role " + role + expiresAt.map((expiry) -> " until " + expiry).orElse("")
					+ "\n";
			OpenedRequest request = this.opening.open(grantor, GatedActions.ROLE_GRANT_ADMIN, parameters,
					Optional.of(diff), grant.justification().orElse(""));
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("outcome", "requested");
			answer.put("request", PoliciesController.request(request));
			answer.put("diff", diff);
			return new Verdict.Deferred(URI.create("/api/v1/approvals/" + request.id()), answer);
		});
	}

}
