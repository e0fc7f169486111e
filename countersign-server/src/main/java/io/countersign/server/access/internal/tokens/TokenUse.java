package io.countersign.server.access.internal.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Records when a token last authenticated a request, at most once per token per
 * {@code countersign.access.tokens.last-use-interval} (5 minutes by default), so the
 * stored last use is that precise and no more. Every API request passes here; all but one
 * per token and interval stop at an in-memory comparison.
 * <p>
 * The write is synchronous, one autocommit statement in the bearer token filter, before
 * any transaction of the request has begun: it falls on one request per token per
 * interval, and waiting ~1 ms then is cheaper than an executor's thread, queue bound and
 * writes lost at shutdown. A failed write is logged and the request goes on; the next try
 * is an interval later, so a database that is down is not asked again on every request.
 * <p>
 * Not an audited change and not an {@code AccessChanges} change: a ledger event per token
 * and interval would flood the ledger with what is not a decision, and it changes nothing
 * about who may do what, so caches stay valid.
 */
@Component
class TokenUse {

	private static final Logger log = LoggerFactory.getLogger(TokenUse.class);

	// past this many tokens in use the least used are forgotten, which costs them one
	// conditional UPDATE that changes nothing
	static final int MAX_REMEMBERED = 10_000;

	private final AccessTokens tokens;

	private final Duration interval;

	// token id -> when this instance last claimed the write of its use
	private final ConcurrentMap<String, Instant> written;

	TokenUse(AccessTokens tokens, TokenProperties properties) {
		this.tokens = tokens;
		this.interval = properties.lastUseInterval();
		this.written = Caffeine.newBuilder()
			.maximumSize(MAX_REMEMBERED)
			.executor(Runnable::run)
			.<String, Instant>build()
			.asMap();
	}

	/** Records that the token authenticated a request at {@code now}, if due. */
	void used(String tokenId, Instant now) {
		Instant previous = this.written.get(tokenId);
		// the same bound as the UPDATE's: written again once more than an interval old
		if (previous != null && !now.isAfter(previous.plus(this.interval))) {
			return;
		}
		// of the requests arriving together once the interval is over, one writes
		boolean claimed = (previous != null) ? this.written.replace(tokenId, previous, now)
				: this.written.putIfAbsent(tokenId, now) == null;
		if (!claimed) {
			return;
		}
		try {
			// the condition keeps other server instances from writing within the interval
			this.tokens.recordUse(tokenId, now, now.minus(this.interval));
		}
		catch (DataAccessException ex) {
			log.warn("Could not record the last use of API token {}; retried after {}: {}", tokenId, this.interval,
					ex.toString());
		}
	}

}
