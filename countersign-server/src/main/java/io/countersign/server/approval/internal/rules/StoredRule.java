package io.countersign.server.approval.internal.rules;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.approval.ParameterConstraints;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.StandingRule;

/**
 * A standing rule as stored: {@code createdBy} approves in advance every request of
 * {@code actionType} whose parameters match {@code constraints}, until {@code until},
 * unless revoked. {@code eventId} is its {@code RULE_CREATED} ledger event.
 */
public record StoredRule(String id, String actionType, ParameterConstraints constraints, String createdBy,
		Instant createdAt, Instant until, String reason, String eventId, Optional<Instant> revokedAt,
		Optional<String> revokedBy) {

	/** The rule as the shared rules judge it. */
	public StandingRule rule() {
		return new StandingRule(this.id, this.actionType, this.constraints, PersonId.of(this.createdBy), this.until);
	}

	/** {@code revoked}, {@code ended} or {@code active} at {@code now}. */
	public String status(Instant now) {
		if (this.revokedAt.isPresent()) {
			return "revoked";
		}
		return now.isBefore(this.until) ? "active" : "ended";
	}

	/**
	 * The rule as an auto-approval's ledger event carries it, for the evidence verifier
	 * (docs/approvals.md, "What the events carry").
	 */
	public Map<String, Object> toJson() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", this.id);
		json.put("actionType", this.actionType);
		json.put("constraints", this.constraints.toJson());
		json.put("createdBy", this.createdBy);
		json.put("createdAt", this.createdAt.toString());
		json.put("until", this.until.toString());
		json.put("event", this.eventId);
		return json;
	}

}
