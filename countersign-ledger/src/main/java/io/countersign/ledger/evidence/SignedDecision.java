package io.countersign.ledger.evidence;

import java.util.Base64;
import java.util.List;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApproverKey;
import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;

/**
 * One approve or reject decision as ACTION_APPROVED or ACTION_REJECTED logged it,
 * numbered from 1 in ledger order, with the signing message its own members give.
 */
record SignedDecision(LoggedEvent at, int number, int revision, RequestDigest digest, Verdict verdict, String reason,
		String approver, List<String> roles, String keyId, ApproverKey publicKey, String fingerprint, String signature,
		ApprovalState state, SigningMessage message) implements LoggedStep {

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
		SigningMessage message;
		try {
			message = new SigningMessage(request, revision, verdict, reason, digest);
		}
		catch (IllegalArgumentException ex) {
			throw details.malformed("reason", "one line of text (" + ex.getMessage() + ")");
		}
		String approver = details.text("approver");
		if (approver.isBlank()) {
			throw details.malformed("approver", "a person id");
		}
		return new SignedDecision(at, number, revision, digest, verdict, reason, approver, details.texts("roles"),
				details.text("keyId"), key, details.text("fingerprint"), details.text("signature"),
				ApprovalEvents.state(details), message);
	}

	@Override
	public ApprovalState recordedState() {
		return this.state;
	}

	/** How messages name it: {@code decision 2 (alice, revision 3)}. */
	String describe() {
		return "decision " + this.number + " (" + this.approver + ", revision " + this.revision + ")";
	}

}
