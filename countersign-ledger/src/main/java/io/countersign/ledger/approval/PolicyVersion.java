// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

/**
 * The version of the policy a request is decided under: the policy's action type and its
 * version number (from 1).
 */
public record PolicyVersion(String actionType, int version) {

	public PolicyVersion {
		if (actionType.isBlank()) {
			throw new IllegalArgumentException("a policy names its action type");
		}
		if (version < 1) {
			throw new IllegalArgumentException("policy versions start at 1, not " + version);
		}
	}

}
