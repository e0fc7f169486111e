package io.countersign.client;

import java.time.Instant;
import java.util.Map;

/**
 * An approval request as the server last answered it.
 *
 * @param id the request's id
 * @param actionType the action type, e.g. {@code secret.rotate}
 * @param state where it stands
 * @param revision its current revision
 * @param digest the digest of that revision, which approvers sign
 * @param expiresAt when it expires if still under review
 * @param json the whole answer, as parsed JSON (maps, lists, strings, numbers)
 */
public record ApprovalRequest(String id, String actionType, ApprovalState state, int revision, String digest,
		Instant expiresAt, Map<String, Object> json) {

	static ApprovalRequest of(Map<String, Object> json) {
		return new ApprovalRequest((String) json.get("id"), (String) json.get("actionType"),
				ApprovalState.valueOf((String) json.get("state")), ((Number) json.get("revision")).intValue(),
				(String) json.get("digest"), Instant.parse((String) json.get("expiresAt")), json);
	}

}
