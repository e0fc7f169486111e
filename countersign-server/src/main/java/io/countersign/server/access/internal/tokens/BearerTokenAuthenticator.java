package io.countersign.server.access.internal.tokens;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.countersign.server.access.internal.AccessChanges;
import io.countersign.server.access.internal.RefreshingCache;
import io.countersign.server.access.internal.security.AccountAccess;
import io.countersign.server.shared.Caller;

import org.springframework.stereotype.Component;

/**
 * Resolves a presented bearer token to its {@link Caller}. Every API request passes here,
 * so token rows (including "no such token") are reused for a short time
 * ({@link RefreshingCache}), keyed by the token's hash; expiry is checked on every
 * request, and any access change on this or another server instance discards the cache at
 * once ({@link AccessChanges}). An accepted token's use is recorded ({@link TokenUse}); a
 * refused one's is not.
 */
@Component
public class BearerTokenAuthenticator {

	// longer than any token we issue (cs_ + 43) or accept (see BootstrapToken), short
	// enough to refuse junk cheaply
	private static final int MAX_TOKEN_LENGTH = 512;

	private final AccessTokens tokens;

	private final AccountAccess accounts;

	private final AccessChanges changes;

	private final TokenUse use;

	private final Clock clock;

	private final RefreshingCache<TokenHash, Optional<StoredToken>> cache;

	BearerTokenAuthenticator(AccessTokens tokens, AccountAccess accounts, AccessChanges changes, TokenUse use,
			Clock clock) {
		this.tokens = tokens;
		this.accounts = accounts;
		this.changes = changes;
		this.use = use;
		this.clock = clock;
		this.cache = new RefreshingCache<>(
				(hash) -> new RefreshingCache.Loaded<>(tokens.findByHash(hash), Instant.MAX));
	}

	TokenAuthentication authenticate(String token) {
		if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
			return new TokenAuthentication.Refused("malformed token", Optional.empty());
		}
		Instant now = this.clock.instant();
		Optional<StoredToken> stored = stored(TokenHash.of(token), now);
		if (stored.isEmpty()) {
			return new TokenAuthentication.Refused("unknown token", Optional.empty());
		}
		StoredToken found = stored.get();
		if (found.revoked()) {
			return new TokenAuthentication.Refused("revoked token", Optional.of(found.id()));
		}
		if (found.expiredAt(now)) {
			return new TokenAuthentication.Refused("expired token", Optional.of(found.id()));
		}
		if (found.accountId().isEmpty()) {
			return new TokenAuthentication.Refused("token without an account", Optional.of(found.id()));
		}
		Optional<Caller> caller = this.accounts.caller(found.accountId().get(),
				new Caller.Credential(Caller.Credential.Method.TOKEN, found.id()));
		if (caller.isEmpty()) {
			return new TokenAuthentication.Refused("account archived", Optional.of(found.id()));
		}
		this.use.used(found.id(), now);
		return new TokenAuthentication.Accepted(caller.get());
	}

	private Optional<StoredToken> stored(TokenHash hash, Instant now) {
		return this.cache.get(hash, now, this.changes.generation(), this.changes.cacheable());
	}

}
