package io.countersign.ledger.evidence;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApproverKey;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;

/**
 * One approve or reject decision as ACTION_APPROVED or ACTION_REJECTED logged it,
 * numbered from 1 in ledger order, with the signing message its own members give, and,
 * for a rejection that ended the request, why the server says it did. A delegated
 * decision names {@code onBehalfOf}, the person it counts as (with that person's
 * {@code roles}), and the {@code delegation}; {@code approver} is the delegate who signed
 * it, with their own key.
 */
record SignedDecision(LoggedEvent at, int number, int revision, RequestDigest digest, Verdict verdict, String reason,
		String approver, List<String> roles, String keyId, ApproverKey publicKey, String fingerprint, String signature,
		ApprovalState state, SigningMessage message, Optional<RejectedBecause> rejectedBecause,
		Optional<String> onBehalfOf, Optional<String> delegation) implements LoggedStep {

	/** Why a rejection ended the request (decision 018 of the server). */
	enum RejectedBecause {

		/** A holder of a veto role rejected. */
		VETO("veto"),

		/**
		 * The approvers and the eligible people who had not decided could no longer meet
		 * the quorum: who was eligible is not in the ledger, so this is the server's
		 * word.
		 */
		QUORUM_UNREACHABLE("quorum unreachable");

		private final String wire;

		RejectedBecause(String wire) {
			this.wire = wire;
		}

		static Optional<RejectedBecause> of(String wire) {
			for (RejectedBecause because : values()) {
				if (because.wire.equals(wire)) {
					return Optional.of(because);
				}
			}
			return Optional.empty();
		}

	}

	static SignedDecision read(LoggedEvent at, int number, ApprovalRequestId request) throws TamperedEvidence {
		Details details = new Details(at);
		int revision = details.positive("revision");
		RequestDigest digest;
		try {
			digest = RequestDigest.fromHex(details.text("digest"));
		}
		catch (IllegalArgumentException ex) {
			throw details.malformed("digest", "64 lower-case hex digits");
		}
		Verdict verdict;
		try {
			verdict = Verdict.fromWireName(details.text("decision"));
		}
		catch (IllegalArgumentException ex) {
			throw details.malformed("decision", "\"approve\" or \"reject\"");
		}
		Verdict byType = at.type().equals(ApprovalEvents.APPROVED) ? Verdict.APPROVE : Verdict.REJECT;
		if (verdict != byType) {
			throw details.malformed("decision", "\"" + byType.wireName() + "\" in an " + at.type() + " event");
		}
		ApproverKey key;
		try {
			key = ApproverKey.fromSpki(Base64.getDecoder().decode(details.text("publicKey")));
		}
		catch (IllegalArgumentException ex) {
			throw details.malformed("publicKey", "the base64 of an Ed25519 SPKI key");
		}
		String reason = details.text("reason");
		String approver = details.text("approver");
		if (approver.isBlank()) {
			throw details.malformed("approver", "a person id");
		}
		Optional<String> onBehalfOf = details.optionalText("onBehalfOf");
		Optional<String> delegation = details.optionalText("delegation");
		if (onBehalfOf.isPresent() != delegation.isPresent() || onBehalfOf.filter(String::isBlank).isPresent()
				|| onBehalfOf.filter(approver::equals).isPresent()) {
			throw details.malformed("onBehalfOf",
					"a person other than the approver, given together with delegation, or absent");
		}
		SigningMessage message;
		try {
			message = new SigningMessage(request, revision, verdict, reason, digest, onBehalfOf.map(PersonId::of));
		}
		catch (IllegalArgumentException ex) {
			throw details.malformed("reason", "one line of text (" + ex.getMessage() + ")");
		}
		Optional<RejectedBecause> rejectedBecause = Optional.empty();
		Optional<String> because = details.optionalText("rejectedBecause");
		if (because.isPresent()) {
			rejectedBecause = RejectedBecause.of(because.get());
			if (rejectedBecause.isEmpty() || verdict != Verdict.REJECT) {
				throw details.malformed("rejectedBecause", "\"veto\" or \"quorum unreachable\" on a rejection");
			}
		}
		return new SignedDecision(at, number, revision, digest, verdict, reason, approver, details.texts("roles"),
				details.text("keyId"), key, details.text("fingerprint"), details.text("signature"),
				ApprovalEvents.state(details), message, rejectedBecause, onBehalfOf, delegation);
	}

	/** The person the decision counts as: the approver, or whom they decided for. */
	PersonId counted() {
		return PersonId.of(this.onBehalfOf.orElse(this.approver));
	}

	/** The delegate who made it, for a delegated decision. */
	Optional<PersonId> delegate() {
		return this.onBehalfOf.map((person) -> PersonId.of(this.approver));
	}

	@Override
	public ApprovalState recordedState() {
		return this.state;
	}

	/**
	 * How messages name it: {@code decision 2 (alice, revision 3)}, or
	 * {@code decision 2 (bob for alice, revision 3)} when delegated.
	 */
	String describe() {
		return "decision " + this.number + " (" + this.approver
				+ this.onBehalfOf.map((person) -> " for " + person).orElse("") + ", revision " + this.revision + ")";
	}

}
