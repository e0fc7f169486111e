package io.countersign.server.access.internal.sessions;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Resource;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.tokens.TokenProperties;
import io.countersign.server.shared.Caller;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

import org.springframework.stereotype.Component;

/**
 * A credential that outlives its holder's sign-in must be asked for right after one: a
 * console session whose password or SSO sign-in is no older than
 * {@code countersign.access.tokens.recent-sign-in}. An API token cannot ask, so a stolen
 * session or token cannot turn itself into a long-lived credential. A refusal is recorded
 * as {@code authz_fail} (rule {@code recent sign-in}) and answered with
 * ERR_REAUTHENTICATION_REQUIRED. One rule for every action that asks for it: issuing a
 * token for oneself, and enrolling TOTP from a session.
 */
@Component
public class RecentSignIn {

	static final String RULE = "recent sign-in";

	private final ConsoleSessions sessions;

	private final TokenProperties properties;

	private final AccessAudit audit;

	RecentSignIn(ConsoleSessions sessions, TokenProperties properties, AccessAudit audit) {
		this.sessions = sessions;
		this.properties = properties;
		this.audit = audit;
	}

	/**
	 * Refuses unless the caller is a console session signed in recently.
	 * @param action the action recorded in the ledger
	 * @param what the action as the refusal names it, e.g. "issue a token for your own
	 * account"
	 */
	public void check(Caller caller, String action, String what, Resource resource, Instant now) {
		if (caller.credential().method() != Caller.Credential.Method.SESSION) {
			refuse(caller, action, resource,
					"An API token cannot " + what + "; sign in to the console and do it there.");
		}
		checkSession(caller, action, what, resource, now);
	}

	/**
	 * Refuses a console session that signed in too long ago; an API token passes (it is a
	 * credential issued on purpose, e.g. the way an account whose role requires MFA
	 * enrols before its first sign-in).
	 */
	public void checkSession(Caller caller, String action, String what, Resource resource, Instant now) {
		if (caller.credential().method() != Caller.Credential.Method.SESSION) {
			return;
		}
		Optional<Instant> signedIn = this.sessions.signedInAt(caller);
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
