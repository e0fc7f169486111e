// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.UUID;

/**
 * The identity of an approval request (its revisions share it).
 */
public record ApprovalRequestId(UUID value) {

	public static ApprovalRequestId of(String uuid) {
		return new ApprovalRequestId(UUID.fromString(uuid));
	}

	/** Lower-case hex with hyphens, as in the signing message. */
	@Override
	public String toString() {
		return this.value.toString();
	}

}
