package io.countersign.ledger.evidence;

import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.approval.RequestDigest;

/**
 * One revision of the request as ACTION_QUEUED or ACTION_REVISED logged it: its number,
 * the digest approvers sign, the content the digest is taken over, and the policy
 * document it is decided under.
 */
record Revision(LoggedEvent at, int number, RequestDigest digest, Map<String, Object> content,
		Map<String, Object> policy, String expiresAt, Optional<String> rollbackOf,
		Optional<String> initiatorPerson) implements LoggedStep {

	static Revision read(LoggedEvent at) throws TamperedEvidence {
		Details details = new Details(at);
		int number = details.positive("revision");
		RequestDigest digest;
		try {
			digest = RequestDigest.fromHex(details.text("digest"));
		}
		catch (IllegalArgumentException ex) {
			throw details.malformed("digest", "64 lower-case hex digits");
		}
		Map<String, Object> content = details.object("content");
		if (!(content.get("initiator") instanceof String) || !(content.get("actionType") instanceof String)) {
			throw details.malformed("content", "a request content with an initiator and an action type");
		}
		if (Details.asObject(content.get("policy")).isEmpty()) {
			throw details.malformed("content.policy", "an object");
		}
		return new Revision(at, number, digest, content, details.object("policy"), details.text("expiresAt"),
				details.optionalText("rollbackOf"), details.optionalText("initiatorPerson"));
	}

	String initiator() {
		return (String) this.content.get("initiator");
	}

	/**
	 * The person four-eyes keeps out: the initiating account, or, when the account is a
	 * service account, the person who owns it, as the server recorded when the request
	 * opened ({@code initiatorPerson} of ACTION_QUEUED; only the first revision's
	 * counts).
	 */
	String initiatingPerson() {
		return this.initiatorPerson.orElse(initiator());
	}

	String actionType() {
		return (String) this.content.get("actionType");
	}

	/** The {@code policy} member of the content: the action type and version bound. */
	Map<String, Object> boundPolicy() {
		return Details.asObject(this.content.get("policy")).orElseThrow();
	}

	/** A revision leaves the request (back) under review. */
	@Override
	public ApprovalState recordedState() {
		return ApprovalState.UNDER_REVIEW;
	}

	String describe() {
		return "revision " + this.number + " (index " + this.at.index() + ")";
	}

}
