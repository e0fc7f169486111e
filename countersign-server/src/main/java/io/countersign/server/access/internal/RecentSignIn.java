package io.countersign.server.access.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Resource;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A credential that outlives its holder's sign-in must be asked for right after one: a
 * console session whose password or SSO sign-in is no older than
 * {@code countersign.access.tokens.recent-sign-in}. An API token cannot ask, so a stolen
 * session or token cannot turn itself into a long-lived credential. A refusal is recorded
 * as {@code authz_fail} (rule {@code recent sign-in}) and answered with
 * ERR_REAUTHENTICATION_REQUIRED.
 */
@Component
class RecentSignIn {

	static final String RULE = "recent sign-in";

	private final JdbcClient jdbc;

	private final TokenProperties properties;

	private final AccessAudit audit;

	RecentSignIn(JdbcClient jdbc, TokenProperties properties, AccessAudit audit) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.audit = audit;
	}

	/**
	 * Refuses unless the caller is a console session signed in recently.
	 * @param action the action recorded in the ledger
	 * @param what the action as the refusal names it, e.g. "issue a token for your own
	 * account"
	 */
	void check(Caller caller, String action, String what, Resource resource, Instant now) {
		if (caller.credential().method() != Caller.Credential.Method.SESSION) {
			refuse(caller, action, resource,
					"An API token cannot " + what + "; sign in to the console and do it there.");
		}
		Optional<Instant> signedIn = this.jdbc
			.sql("SELECT created_at FROM console_session WHERE id = ? AND account_id = ? AND ended_at IS NULL")
			.params(caller.credential().id(), caller.accountId())
			.query((rs, row) -> Accounts.instant(rs, "created_at").orElseThrow())
			.optional();
		if (signedIn.isEmpty() || signedIn.get().isBefore(now.minus(this.properties.recentSignIn()))) {
			refuse(caller, action, resource, "To " + what + ", sign in again: this session signed in more than "
					+ this.properties.recentSignIn().toMinutes() + " minutes ago.");
		}
	}

	private void refuse(Caller caller, String action, Resource resource, String message) {
		this.audit.recordDenial(caller, action, resource, "sign-in not recent", Map.of("rule", RULE));
		throw new CountersignException(ErrorCode.ERR_REAUTHENTICATION_REQUIRED, message);
	}

}
