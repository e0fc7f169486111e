// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.Optional;

/**
 * The quorum cannot be met when {@code initiator} asks (or at all, when empty):
 * {@code closest} is the alternative that gets nearest, and its open terms are what is
 * missing.
 */
public record Unreachable(Optional<PersonId> initiator, AlternativeProgress closest) implements Reachability {

	/**
	 * The term to name in the refusal: the first one the closest alternative cannot fill.
	 */
	public Term term() {
		return this.closest.firstOpenTerm().orElseThrow().term();
	}

}
