package io.countersign.server.access.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.countersign.server.shared.Caller;

import org.springframework.stereotype.Component;

/**
 * Turns an authenticated account into the {@link Caller} of a request: the account must
 * be active, and its permissions are those its unexpired grants give now. Answers are
 * reused for at most {@link #TTL}, and never after an access change on this server
 * ({@link AccessChanges}) or after one of the grants behind them expired.
 */
@Component
class AccountAccess {

	/**
	 * Longest reuse of an answer: a safety net, since changes made on this or another
	 * instance void the cache at once ({@link AccessChanges}).
	 */
	static final Duration TTL = Duration.ofSeconds(2);

	private static final int MAX_ENTRIES = 10_000;

	private final Accounts accounts;

	private final EffectivePermissions permissions;

	private final AccessChanges changes;

	private final Clock clock;

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	AccountAccess(Accounts accounts, EffectivePermissions permissions, AccessChanges changes, Clock clock) {
		this.accounts = accounts;
		this.permissions = permissions;
		this.changes = changes;
		this.clock = clock;
	}

	/** The caller for an active account, or empty if it does not exist or is archived. */
	Optional<Caller> caller(String accountId, Caller.Credential credential) {
		return resolve(accountId).map((access) -> new Caller(access.account().id(), access.account().username(),
				access.account().kind().wire(), access.held().permissions(), credential));
	}

	private Optional<Access> resolve(String accountId) {
		Instant now = this.clock.instant();
		long generation = this.changes.generation();
		Cached cached = this.cache.get(accountId);
		if (cached != null && cached.validAt(now, generation) && this.changes.cacheable()) {
			return cached.access();
		}
		Optional<Access> access = this.accounts.findById(accountId)
			.filter(Account::active)
			.map((account) -> new Access(account, this.permissions.of(account.id(), now)));
		if (this.cache.size() >= MAX_ENTRIES) {
			this.cache.clear();
		}
		Instant until = access.flatMap((a) -> a.held().changesAt())
			.filter((expiry) -> expiry.isBefore(now.plus(TTL)))
			.orElse(now.plus(TTL));
		this.cache.put(accountId, new Cached(access, until, generation));
		return access;
	}

	private record Access(Account account, EffectivePermissions.Held held) {
	}

	private record Cached(Optional<Access> access, Instant until, long generation) {

		boolean validAt(Instant now, long currentGeneration) {
			return this.generation == currentGeneration && now.isBefore(this.until);
		}

	}

}
