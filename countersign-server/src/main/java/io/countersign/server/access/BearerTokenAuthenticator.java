package io.countersign.server.access;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Resolves a presented bearer token to its {@link Caller}. Every API request passes here,
 * so results (including "unknown token") are cached for a short time, keyed by the
 * token's hash; {@link #invalidateAll()} lets a revocation take effect at once.
 */
@Component
public class BearerTokenAuthenticator {

	/**
	 * How long a lookup result is reused; a revoked token lives at most this long without
	 * invalidation.
	 */
	static final Duration TTL = Duration.ofSeconds(2);

	static final int MAX_ENTRIES = 10_000;

	// longer than any token we issue (cs_ + 43) or accept (see BootstrapToken), short
	// enough to refuse junk cheaply
	private static final int MAX_TOKEN_LENGTH = 512;

	private final AccessTokens tokens;

	private final LongSupplier nanoClock;

	private final Map<TokenHash, Cached> cache = new ConcurrentHashMap<>();

	@Autowired
	BearerTokenAuthenticator(AccessTokens tokens) {
		this(tokens, System::nanoTime);
	}

	BearerTokenAuthenticator(AccessTokens tokens, LongSupplier nanoClock) {
		this.tokens = tokens;
		this.nanoClock = nanoClock;
	}

	/** The caller owning {@code token}, or empty if no such token exists. */
	public Optional<Caller> authenticate(String token) {
		if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
			return Optional.empty();
		}
		TokenHash hash = TokenHash.of(token);
		long now = this.nanoClock.getAsLong();
		Cached cached = this.cache.get(hash);
		if (cached != null && now - cached.loadedAt() < TTL.toNanos()) {
			return cached.caller();
		}
		Optional<Caller> caller = this.tokens.findByHash(hash);
		remember(hash, new Cached(caller, now), now);
		return caller;
	}

	/** Forgets every cached lookup, e.g. after a token was revoked. */
	public void invalidateAll() {
		this.cache.clear();
	}

	private void remember(TokenHash hash, Cached value, long now) {
		if (this.cache.size() >= MAX_ENTRIES) {
			this.cache.values().removeIf((entry) -> now - entry.loadedAt() >= TTL.toNanos());
			if (this.cache.size() >= MAX_ENTRIES) {
				// flooded with distinct tokens (likely guesses): start over rather than
				// grow
				this.cache.clear();
			}
		}
		this.cache.put(hash, value);
	}

	private record Cached(Optional<Caller> caller, long loadedAt) {
	}

}
