package io.countersign.server.access.internal.tokens;

import java.time.Instant;
import java.util.Optional;

/**
 * An API token as stored: never the token itself, only its hash's row.
 *
 * @param lastUsedAt when it last authenticated a request, to the precision of
 * {@link TokenProperties#lastUseInterval()}; empty if never since V19
 */
public record StoredToken(String id, Optional<String> accountId, String name, Instant createdAt,
		Optional<Instant> expiresAt, Optional<Instant> revokedAt, Optional<Instant> lastUsedAt) {

	boolean revoked() {
		return this.revokedAt.isPresent();
	}

	boolean expiredAt(Instant now) {
		return this.expiresAt.map((expiry) -> !now.isBefore(expiry)).orElse(false);
	}

}
