// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Parts joined with {@code and}: all must be met, each by people the others do not count.
 * Nested {@code AllOf} parts are flattened, so equal meanings written with different
 * parentheses are equal values.
 */
public record AllOf(List<QuorumExpression> parts) implements QuorumExpression {

	public AllOf {
		List<QuorumExpression> flat = new ArrayList<>();
		for (QuorumExpression part : parts) {
			if (part instanceof AllOf all) {
				flat.addAll(all.parts());
			}
			else {
				flat.add(part);
			}
		}
		if (flat.size() < 2) {
			throw new IllegalArgumentException("\"and\" joins at least two parts");
		}
		parts = List.copyOf(flat);
	}

	// the cartesian product of the parts' alternatives
	@Override
	public List<List<Term>> alternatives() {
		List<List<Term>> product = List.of(List.of());
		for (QuorumExpression part : this.parts) {
			List<List<Term>> next = new ArrayList<>();
			for (List<Term> prefix : product) {
				for (List<Term> alternative : part.alternatives()) {
					List<Term> joined = new ArrayList<>(prefix);
					joined.addAll(alternative);
					next.add(List.copyOf(joined));
				}
			}
			product = next;
		}
		return List.copyOf(product);
	}

	@Override
	public List<Term> terms() {
		return QuorumExpression.termsOf(this.parts);
	}

	// "and" binds tighter than "or": only an "or" inside needs parentheses
	@Override
	public String toString() {
		return this.parts.stream()
			.map((part) -> (part instanceof AnyOf) ? "(" + part + ")" : part.toString())
			.collect(Collectors.joining(" and "));
	}

}
