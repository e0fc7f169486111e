// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Parts joined with {@code or}: meeting any one is enough. Nested {@code AnyOf} parts are
 * flattened.
 */
public record AnyOf(List<QuorumExpression> parts) implements QuorumExpression {

	public AnyOf {
		List<QuorumExpression> flat = new ArrayList<>();
		for (QuorumExpression part : parts) {
			if (part instanceof AnyOf any) {
				flat.addAll(any.parts());
			}
			else {
				flat.add(part);
			}
		}
		if (flat.size() < 2) {
			throw new IllegalArgumentException("\"or\" joins at least two parts");
		}
		parts = List.copyOf(flat);
	}

	@Override
	public List<List<Term>> alternatives() {
		List<List<Term>> all = new ArrayList<>();
		this.parts.forEach((part) -> all.addAll(part.alternatives()));
		return List.copyOf(all);
	}

	@Override
	public List<Term> terms() {
		return QuorumExpression.termsOf(this.parts);
	}

	@Override
	public String toString() {
		return this.parts.stream().map(QuorumExpression::toString).collect(Collectors.joining(" or "));
	}

}
