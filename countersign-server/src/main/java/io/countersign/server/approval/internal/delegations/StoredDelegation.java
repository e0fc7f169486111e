package io.countersign.server.approval.internal.delegations;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A delegation as stored: {@code delegator} lends their right to decide to
 * {@code delegate} from {@code from} until {@code until}, for {@code actionTypes} (none
 * listed: every action type), unless revoked.
 */
public record StoredDelegation(String id, String delegator, String delegate, Instant from, Instant until,
		List<String> actionTypes, String reason, Instant createdAt, Optional<Instant> revokedAt,
		Optional<String> revokedBy) {

	public boolean covers(String actionType) {
		return this.actionTypes.isEmpty() || this.actionTypes.contains(actionType);
	}

	/** Whether it may be used at {@code now}: begun, not ended, not revoked. */
	public boolean inForce(Instant now) {
		return this.revokedAt.isEmpty() && !now.isBefore(this.from) && now.isBefore(this.until);
	}

	/**
	 * {@code revoked}, {@code ended}, {@code scheduled} or {@code active}, at
	 * {@code now}.
	 */
	public String status(Instant now) {
		if (this.revokedAt.isPresent()) {
			return "revoked";
		}
		if (!now.isBefore(this.until)) {
			return "ended";
		}
		return now.isBefore(this.from) ? "scheduled" : "active";
	}

}
