package io.countersign.server.approval.internal.decisions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.Decision;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.RoleName;
import io.countersign.ledger.approval.Verdict;

/**
 * A decision as stored: who decided what on which revision, with the roles they held and
 * the key and signature that prove it. {@code person} is whom it counts as; a delegated
 * decision names the {@code delegate} who signed it (with their own key) and the
 * {@code delegation}; an approval by a standing rule names the {@code standingRule} and
 * has no key and no signature ({@code keyId} and {@code signature} empty).
 */
public record StoredDecision(ApprovalRequestId requestId, int revision, String person, int ordinal, Verdict verdict,
		String reason, List<String> roles, String keyId, String signature, Instant decidedAt, String eventId,
		Optional<String> delegate, Optional<String> delegation, Optional<String> standingRule) {

	/** A decision the person counted made themselves. */
	public StoredDecision(ApprovalRequestId requestId, int revision, String person, int ordinal, Verdict verdict,
			String reason, List<String> roles, String keyId, String signature, Instant decidedAt, String eventId) {
		this(requestId, revision, person, ordinal, verdict, reason, roles, keyId, signature, decidedAt, eventId,
				Optional.empty(), Optional.empty(), Optional.empty());
	}

	/** The decision as the quorum rules count it. */
	public Decision decision() {
		return new Decision(PersonId.of(this.person), this.roles.stream().map(RoleName::of).collect(Collectors.toSet()),
				this.verdict, this.delegate.map(PersonId::of));
	}

	/**
	 * Whether {@code name} took part in it: as the person counted, or as the delegate.
	 */
	public boolean involves(String name) {
		return this.person.equals(name) || this.delegate.filter(name::equals).isPresent();
	}

	public StoredDecision withEventId(String eventId) {
		return new StoredDecision(this.requestId, this.revision, this.person, this.ordinal, this.verdict, this.reason,
				this.roles, this.keyId, this.signature, this.decidedAt, eventId, this.delegate, this.delegation,
				this.standingRule);
	}

}
