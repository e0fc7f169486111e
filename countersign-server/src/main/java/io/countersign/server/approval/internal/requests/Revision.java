package io.countersign.server.approval.internal.requests;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.PolicyVersion;
import io.countersign.ledger.approval.RequestContent;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.json.Json;

/**
 * One revision of a request: exactly what it asks for and the digest approvers sign.
 * Never changed; an amendment makes the next one.
 */
public record Revision(ApprovalRequestId requestId, int number, RequestContent content, RequestDigest digest,
		Instant createdAt) {

	public static Revision of(ApprovalRequestId requestId, int number, RequestContent content, Instant createdAt) {
		return new Revision(requestId, number, content, RequestDigest.of(content), createdAt);
	}

	/** The stored form: the digest input as compact JSON. */
	String contentText() {
		return Json.write(this.content.toJson());
	}

	/** Reads {@link #contentText()} back. */
	@SuppressWarnings("unchecked")
	static RequestContent content(String text) {
		Map<String, Object> json = (Map<String, Object>) Json.parse(text);
		Map<String, Object> policy = (Map<String, Object>) json.get("policy");
		return new RequestContent((String) json.get("actionType"),
				new LinkedHashMap<>((Map<String, Object>) json.get("parameters")),
				Optional.ofNullable((String) json.get("diff")), (String) json.get("justification"),
				PersonId.of((String) json.get("initiator")),
				new PolicyVersion((String) policy.get("actionType"), ((Number) policy.get("version")).intValue()));
	}

}
