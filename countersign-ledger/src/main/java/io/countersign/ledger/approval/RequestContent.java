// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one revision of an approval request asks for, exactly: the input of its
 * {@link RequestDigest}.
 */
public record RequestContent(String actionType, Map<String, Object> parameters, Optional<String> diff,
		String justification, PersonId initiator, PolicyVersion policy) {

	public RequestContent {
		if (actionType.isBlank()) {
			throw new IllegalArgumentException("a request names its action type");
		}
		parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
	}

	/**
	 * The JSON object the digest is taken over (docs/approvals.md): {@code actionType},
	 * {@code diff} (a string, or null when there is none), {@code initiator},
	 * {@code justification}, {@code parameters} and {@code policy} with its
	 * {@code actionType} and {@code version}.
	 */
	public Map<String, Object> toJson() {
		Map<String, Object> policy = new LinkedHashMap<>();
		policy.put("actionType", this.policy.actionType());
		policy.put("version", (long) this.policy.version());
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("actionType", this.actionType);
		json.put("diff", this.diff.orElse(null));
		json.put("initiator", this.initiator.value());
		json.put("justification", this.justification);
		json.put("parameters", this.parameters);
		json.put("policy", policy);
		return json;
	}

}
