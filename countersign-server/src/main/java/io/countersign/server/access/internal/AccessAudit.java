package io.countersign.server.access.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.event.Source;
import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.Caller;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes the access feature's ledger events (OWASP logging vocabulary names:
 * {@code authn_login_fail}, {@code authz_fail}, {@code user_created}, …), adding where
 * the current HTTP request came from. Each event is recorded in the current transaction,
 * so a change and its event commit together; called outside a transaction (denials,
 * failed sign-ins), it records in a transaction of its own (see
 * docs/decisions/011-audit-outbox.md). A denial must be recorded outside the transaction
 * its refusal rolls back. Drafts must never carry a password, token, TOTP secret or code.
 */
@Component
public class AccessAudit {

	private static final int MAX_USER_AGENT = 512;

	private final AuditTrail trail;

	AccessAudit(AuditTrail trail) {
		this.trail = trail;
	}

	/** Records the event; returns its id. */
	public String record(EventDraft draft) {
		return this.trail.record(currentSource().map(draft::withSource).orElse(draft));
	}

	/**
	 * Records that {@code caller} was refused {@code endpoint} ({@code "GET /path"}) for
	 * want of {@code permission}: an {@code authz_fail} event.
	 */
	public String recordDenial(Caller caller, String permission, String endpoint) {
		return recordDenial(caller, "authorize", new Resource("endpoint", endpoint), "missing permission " + permission,
				Map.of("permission", permission));
	}

	/**
	 * Records any refusal of an authorization decision as {@code authz_fail} (outcome
	 * denied), one shape for every rule, so alerts and reports read them alike.
	 */
	public String recordDenial(Caller caller, String action, Resource resource, String reason, Map<String, ?> details) {
		Map<String, Object> recorded = new LinkedHashMap<>(details);
		recorded.put("credential", caller.credential().method().name().toLowerCase(Locale.ROOT));
		return record(EventDraft.of("authz_fail", caller.actor())
			.withAction(action)
			.withResource(resource)
			.withOutcome(Outcome.DENIED, Optional.of(reason))
			.withDetails(recorded));
	}

	/** Source IP and user agent of the request being served, if any. */
	public static Optional<Source> currentSource() {
		if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
			return Optional.empty();
		}
		HttpServletRequest request = attributes.getRequest();
		Optional<String> userAgent = Optional.ofNullable(request.getHeader(HttpHeaders.USER_AGENT))
			.filter((agent) -> !agent.isBlank())
			.map((agent) -> (agent.length() > MAX_USER_AGENT) ? agent.substring(0, MAX_USER_AGENT) : agent);
		return Optional.of(new Source(Optional.ofNullable(request.getRemoteAddr()), userAgent));
	}

}
