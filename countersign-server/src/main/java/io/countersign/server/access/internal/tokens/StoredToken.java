package io.countersign.server.access.internal.tokens;

import java.time.Instant;
import java.util.Optional;

/** An API token as stored: never the token itself, only its hash's row. */
public record StoredToken(String id, Optional<String> accountId, String name, Instant createdAt,
		Optional<Instant> expiresAt, Optional<Instant> revokedAt) {

	boolean revoked() {
		return this.revokedAt.isPresent();
	}

	boolean expiredAt(Instant now) {
		return this.expiresAt.map((expiry) -> !now.isBefore(expiry)).orElse(false);
	}

}
