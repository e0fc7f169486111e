package io.countersign.server.access.internal.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.event.Source;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.AccessProperties;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountId;
import io.countersign.server.access.internal.bootstrap.BootstrapToken;
import io.countersign.server.access.internal.bootstrap.FirstAdmin;
import io.countersign.server.access.internal.security.AccountAccess;
import io.countersign.server.access.internal.tokens.TokenHash;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.Caller;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Console (browser) sessions: opened after a successful sign-in (password or single
 * sign-on), identified by a random cookie token of which only the SHA-256 is stored,
 * ended by sign-out, by {@code countersign.access.session.idle-timeout} without use, or
 * by the absolute timeout. The caller's permissions are resolved afresh on every request,
 * exactly as for API tokens.
 */
@Service
public class ConsoleSessions {

	/**
	 * Last-use times are written at most this often per session: the idle timeout is
	 * enforced to within this much, and a busy console does not write on every request.
	 */
	static final Duration TOUCH_INTERVAL = Duration.ofSeconds(15);

	private final ConsoleSessionRows rows;

	private final AccountAccess accounts;

	private final AccessAudit audit;

	private final AccessProperties.Session settings;

	private final TransactionTemplate transaction;

	private final Clock clock;

	ConsoleSessions(ConsoleSessionRows rows, AccountAccess accounts, AccessAudit audit, AccessProperties properties,
			TransactionTemplate transaction, Clock clock) {
		this.rows = rows;
		this.accounts = accounts;
		this.audit = audit;
		this.settings = properties.session();
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * Opens a session for an account that just signed in; the returned cookie token is
	 * shown to the browser only.
	 */
	public Opened open(Account account, String signInMethod) {
		String token = BootstrapToken.newToken();
		Instant now = this.clock.instant();
		ConsoleSession session = new ConsoleSession(UUID.randomUUID().toString(), account.id(), now, now);
		Optional<Source> source = AccessAudit.currentSource();
		this.transaction.executeWithoutResult((status) -> {
			this.rows.insert(session, TokenHash.of(token), source.flatMap(Source::ip),
					source.flatMap(Source::userAgent));
			this.audit.record(EventDraft.of("session_created", actor(account))
				.withAction("sign_in")
				.withResource(new Resource("session", session.id()))
				.withDetails(Map.of("method", signInMethod)));
		});
		return new Opened(session, token, now.plus(this.settings.idleTimeout()));
	}

	/**
	 * The caller of a request presenting this session cookie token: empty if the session
	 * does not exist, has ended, has timed out (ended now, {@code session_expired}), or
	 * its account is archived.
	 */
	public Optional<Caller> authenticate(String token) {
		Optional<ConsoleSession> found = this.rows.findOpen(TokenHash.of(token));
		if (found.isEmpty()) {
			return Optional.empty();
		}
		ConsoleSession session = found.get();
		Instant now = this.clock.instant();
		Optional<String> expiry = expiryReason(session, now);
		if (expiry.isPresent()) {
			end(session, expiry.get(), FirstAdmin.SYSTEM);
			return Optional.empty();
		}
		if (Duration.between(session.lastSeenAt(), now).compareTo(TOUCH_INTERVAL) >= 0) {
			this.rows.touch(session.id(), now);
		}
		return this.accounts.caller(session.accountId(),
				new Caller.Credential(Caller.Credential.Method.SESSION, session.id()));
	}

	/**
	 * When the caller's console session signed in (password or single sign-on); empty for
	 * an API token.
	 */
	Optional<Instant> signedInAt(Caller caller) {
		if (caller.credential().method() != Caller.Credential.Method.SESSION) {
			return Optional.empty();
		}
		return this.rows.openSince(caller.credential().id());
	}

	/** Ends the session of this caller (sign-out). */
	public void signOut(Caller caller) {
		if (caller.credential().method() == Caller.Credential.Method.SESSION) {
			end(caller.credential().id(), "logout", caller.actor());
		}
	}

	/** Ends every open session of an account, e.g. when its password is reset. */
	public void endAllOf(AccountId accountId, String reason, Actor actor) {
		endAllOf(accountId, Optional.empty(), reason, actor);
	}

	/**
	 * Ends every open session of an account but {@code keep} (the session a user changes
	 * their own password in, having just proved the current one).
	 */
	public void endAllOf(AccountId accountId, Optional<String> keep, String reason, Actor actor) {
		for (String id : this.rows.openIdsOf(accountId.value())) {
			if (keep.filter(id::equals).isEmpty()) {
				end(id, reason, actor);
			}
		}
	}

	/** Ends sessions that timed out without being used again; returns how many. */
	int endTimedOut() {
		Instant now = this.clock.instant();
		int ended = 0;
		for (ConsoleSession session : this.rows.openIdleOrOld(now.minus(this.settings.idleTimeout()),
				now.minus(this.settings.absoluteTimeout()))) {
			Optional<String> reason = expiryReason(session, now);
			if (reason.isPresent() && end(session, reason.get(), FirstAdmin.SYSTEM)) {
				ended++;
			}
		}
		return ended;
	}

	private Optional<String> expiryReason(ConsoleSession session, Instant now) {
		if (!now.isBefore(session.createdAt().plus(this.settings.absoluteTimeout()))) {
			return Optional.of("absolute_timeout");
		}
		if (!now.isBefore(session.lastSeenAt().plus(this.settings.idleTimeout()))) {
			return Optional.of("idle_timeout");
		}
		return Optional.empty();
	}

	private boolean end(ConsoleSession session, String reason, Actor actor) {
		return end(session.id(), reason, actor);
	}

	// ending a session is atomic: whoever ends it records it, once
	private boolean end(String sessionId, String reason, Actor actor) {
		return Boolean.TRUE.equals(this.transaction.execute((status) -> {
			if (!this.rows.end(sessionId, reason, this.clock.instant())) {
				return false;
			}
			recordEnd(sessionId, reason, actor);
			return true;
		}));
	}

	private void recordEnd(String sessionId, String reason, Actor actor) {
		this.audit.record(EventDraft.of("session_expired", actor)
			.withAction("end")
			.withResource(new Resource("session", sessionId))
			.withDetails(Map.of("reason", reason)));
	}

	private static Actor actor(Account account) {
		return new Actor(account.username(), account.kind().wire());
	}

	/** A new session and the cookie token that identifies it. */
	public record Opened(ConsoleSession session, String token, Instant idleExpiry) {
	}

}
