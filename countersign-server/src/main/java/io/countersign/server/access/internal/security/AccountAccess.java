package io.countersign.server.access.internal.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.RefreshingCache;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.accounts.Accounts;
import io.countersign.server.access.internal.roles.EffectivePermissions;
import io.countersign.server.shared.Caller;

import org.springframework.stereotype.Component;

/**
 * Turns an authenticated account into the {@link Caller} of a request: the account must
 * be active, and its permissions are those its unexpired grants give now. Answers are
 * reused ({@link RefreshingCache}), but never after an access change on this or another
 * server instance ({@link AccessChanges}) or after one of the grants behind them expired.
 */
@Component
public class AccountAccess {

	private final Accounts accounts;

	private final EffectivePermissions permissions;

	private final AccessChanges changes;

	private final Clock clock;

	private final RefreshingCache<String, Optional<Access>> cache = new RefreshingCache<>(this::load);

	AccountAccess(Accounts accounts, EffectivePermissions permissions, AccessChanges changes, Clock clock) {
		this.accounts = accounts;
		this.permissions = permissions;
		this.changes = changes;
		this.clock = clock;
	}

	/** The caller for an active account, or empty if it does not exist or is archived. */
	public Optional<Caller> caller(String accountId, Caller.Credential credential) {
		long generation = this.changes.generation();
		return this.cache.get(accountId, this.clock.instant(), generation, this.changes.cacheable())
			.map((access) -> new Caller(access.account().id(), access.account().username(),
					access.account().kind().wire(), access.held().permissions(), credential));
	}

	private RefreshingCache.Loaded<Optional<Access>> load(String accountId) {
		Instant now = this.clock.instant();
		Optional<Access> access = this.accounts.findById(accountId)
			.filter(Account::active)
			.map((account) -> new Access(account, this.permissions.of(account.id(), now)));
		Instant hardLimit = access.flatMap((found) -> found.held().changesAt()).orElse(Instant.MAX);
		return new RefreshingCache.Loaded<>(access, hardLimit);
	}

	private record Access(Account account, EffectivePermissions.Held held) {
	}

}
