package io.countersign.server.access.internal.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.server.access.internal.AccessAudit;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.AccountKind;
import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.access.internal.bootstrap.BootstrapToken;
import io.countersign.server.access.internal.bootstrap.FirstAdmin;
import io.countersign.server.access.internal.roles.RoleGrants;
import io.countersign.server.access.internal.sessions.ConsoleSessions;
import io.countersign.server.access.internal.totp.TotpFactor;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signing in to the console with user name and password, plus a TOTP code where the
 * account has one or a role of it requires one. Guesses are throttled per user name
 * ({@link LoginLockout}); an unknown name, an archived account and one without a password
 * fail exactly like a wrong password, after the same password-hashing work, so neither
 * the answer nor its timing tells which names exist. Failures that do not prove the
 * password are also limited per source address ({@link UnauthenticatedFailures}): past
 * the limit they are still counted against the name, but answered
 * {@code ERR_TOO_MANY_FAILURES} and summed up instead of recorded one by one. A right
 * password is never refused for the address's sake.
 */
@Service
public class PasswordSignIn {

	static final String METHOD = "password";

	private static final Logger log = LoggerFactory.getLogger(PasswordSignIn.class);

	private final Accounts accounts;

	private final RoleGrants grants;

	private final PasswordEncoder passwords;

	private final LoginLockout lockout;

	private final UnauthenticatedFailures failures;

	private final TotpFactor totp;

	private final ConsoleSessions sessions;

	private final AccessAudit audit;

	private final TransactionTemplate transaction;

	private final Clock clock;

	/** Compared against when there is no stored hash, so every attempt costs one hash. */
	private final String dummyHash;

	PasswordSignIn(Accounts accounts, RoleGrants grants, PasswordEncoder passwords, LoginLockout lockout,
			UnauthenticatedFailures failures, TotpFactor totp, ConsoleSessions sessions, AccessAudit audit,
			TransactionTemplate transaction, Clock clock) {
		this.accounts = accounts;
		this.grants = grants;
		this.passwords = passwords;
		this.lockout = lockout;
		this.failures = failures;
		this.totp = totp;
		this.sessions = sessions;
		this.audit = audit;
		this.transaction = transaction;
		this.clock = clock;
		this.dummyHash = passwords.encode(BootstrapToken.newToken());
	}

	public SignInResult signIn(SignInAttempt attempt) {
		Optional<Duration> locked = this.lockout.lockedFor(attempt.username());
		if (locked.isPresent()) {
			if (!this.failures.count(METHOD, Optional.of(attempt.username()))) {
				return tooManyFailures();
			}
			recordFailure(attempt, "locked");
			return new SignInResult.Refused(ErrorCode.ERR_LOGIN_LOCKED, locked);
		}
		Optional<Account> found = this.accounts.findByUsername(attempt.username());
		Optional<String> hash = found.filter(Account::active)
			.filter((account) -> account.kind() == AccountKind.USER)
			.flatMap(Account::passwordHash);
		// always one hash computation, whatever the account
		boolean matches = matches(attempt.password(), hash.orElse(this.dummyHash));
		if (hash.isEmpty() || !matches) {
			return countFailure(attempt, "bad credentials");
		}
		Account account = found.get();
		if (account.totpEnabled()) {
			if (attempt.totp().isEmpty()) {
				// the password was right; without a code this is the first of two steps,
				// not a guess
				recordFailure(attempt, "totp missing");
				return new SignInResult.Refused(ErrorCode.ERR_MFA_REQUIRED);
			}
			if (!this.totp.accepts(account.accountId(), attempt.totp().get())) {
				return countFailure(attempt, "bad totp");
			}
		}
		else if (this.grants.anyRequiresMfa(account.accountId(), this.clock.instant())) {
			recordFailure(attempt, "mfa enrollment required");
			return new SignInResult.Refused(ErrorCode.ERR_MFA_ENROLLMENT_REQUIRED);
		}
		return succeed(account, attempt, hash.get());
	}

	private SignInResult succeed(Account account, SignInAttempt attempt, String hash) {
		Instant now = this.clock.instant();
		// e.g. {bcrypt} from an earlier default: re-hashed with the current one
		Optional<String> upgraded = this.passwords.upgradeEncoding(hash)
				? Optional.of(this.passwords.encode(attempt.password())) : Optional.empty();
		ConsoleSessions.Opened opened = this.transaction.execute((status) -> {
			this.lockout.reset(attempt.username());
			upgraded.ifPresent((value) -> this.accounts.updatePasswordHash(account.accountId(), value, now));
			this.audit.record(EventDraft.of("authn_login_success", new Actor(account.username(), account.kind().wire()))
				.withAction("authenticate")
				.withResource(new Resource("account", account.username()))
				.withDetails(Map.of("method", METHOD, "mfa", account.totpEnabled())));
			return this.sessions.open(account, METHOD);
		});
		return new SignInResult.SignedIn(account, opened);
	}

	private SignInResult countFailure(SignInAttempt attempt, String reason) {
		// counted here, not in the lockout's transaction, which may be retried
		boolean individually = this.failures.count(METHOD, Optional.of(attempt.username()));
		LoginLockout.Failure failure = this.lockout.recordFailure(attempt.username(), (counted) -> {
			if (individually) {
				recordFailure(attempt, reason);
			}
			if (counted.newlyLocked()) {
				LoginThrottle throttle = counted.throttle();
				this.audit.record(EventDraft.of("authn_login_lock", FirstAdmin.SYSTEM)
					.withAction("lock")
					.withResource(new Resource("user", throttle.username()))
					.withDetails(Map.of("failures", throttle.failures(), "lockedUntil",
							throttle.lockedUntil().orElseThrow().toString())));
			}
		});
		if (!individually) {
			return tooManyFailures();
		}
		if (!failure.newlyLocked()) {
			return new SignInResult.Refused(ErrorCode.ERR_LOGIN_FAILED);
		}
		return new SignInResult.Refused(ErrorCode.ERR_LOGIN_LOCKED,
				Optional.of(failure.throttle().remainingAt(this.clock.instant())));
	}

	private SignInResult tooManyFailures() {
		return new SignInResult.Refused(ErrorCode.ERR_TOO_MANY_FAILURES, Optional.of(this.failures.retryAfter()));
	}

	/** The attempt in the ledger: the name as typed and why it failed, never a secret. */
	private void recordFailure(SignInAttempt attempt, String reason) {
		this.audit.record(EventDraft.of("authn_login_fail", new Actor(attempt.username(), AccountKind.USER.wire()))
			.withAction("authenticate")
			.withOutcome(Outcome.FAILURE, Optional.of(reason))
			.withDetails(Map.of("method", METHOD)));
	}

	private boolean matches(String password, String hash) {
		try {
			return this.passwords.matches(password, hash);
		}
		catch (IllegalArgumentException ex) {
			// a stored hash naming no known algorithm: nobody can sign in with it
			log.warn("A stored password hash has an unknown format; refusing the sign-in");
			return false;
		}
	}

}
