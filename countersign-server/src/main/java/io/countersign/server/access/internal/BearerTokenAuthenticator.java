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
 * Resolves a presented bearer token to its {@link Caller}. Every API request passes here,
 * so token rows (including "no such token") are reused for a short time, keyed by the
 * token's hash; revocation and expiry are checked on every request, and any access change
 * on this server discards the cache at once ({@link AccessChanges}).
 */
@Component
class BearerTokenAuthenticator {

	static final Duration TTL = AccountAccess.TTL;

	static final int MAX_ENTRIES = 10_000;

	// longer than any token we issue (cs_ + 43) or accept (see BootstrapToken), short
	// enough to refuse junk cheaply
	private static final int MAX_TOKEN_LENGTH = 512;

	private final AccessTokens tokens;

	private final AccountAccess accounts;

	private final AccessChanges changes;

	private final Clock clock;

	private final Map<TokenHash, Cached> cache = new ConcurrentHashMap<>();

	BearerTokenAuthenticator(AccessTokens tokens, AccountAccess accounts, AccessChanges changes, Clock clock) {
		this.tokens = tokens;
		this.accounts = accounts;
		this.changes = changes;
		this.clock = clock;
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
		return this.accounts
			.caller(found.accountId().get(), new Caller.Credential(Caller.Credential.Method.TOKEN, found.id()))
			.<TokenAuthentication>map(TokenAuthentication.Accepted::new)
			.orElseGet(() -> new TokenAuthentication.Refused("account archived", Optional.of(found.id())));
	}

	private Optional<StoredToken> stored(TokenHash hash, Instant now) {
		long generation = this.changes.generation();
		Cached cached = this.cache.get(hash);
		if (cached != null && cached.generation() == generation && now.isBefore(cached.until())
				&& this.changes.cacheable()) {
			return cached.token();
		}
		Optional<StoredToken> token = this.tokens.findByHash(hash);
		if (this.cache.size() >= MAX_ENTRIES) {
			// flooded with distinct tokens (likely guesses): start over rather than grow
			this.cache.clear();
		}
		this.cache.put(hash, new Cached(token, now.plus(TTL), generation));
		return token;
	}

	private record Cached(Optional<StoredToken> token, Instant until, long generation) {
	}

}
