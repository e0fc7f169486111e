// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who must approve: terms {@code N of ROLE} joined with {@code and} and {@code or}; the
 * grammar and its precedence are in docs/approvals.md.
 *
 * <p>
 * {@link #toString()} is the canonical text: {@code parse(e.toString()).equals(e)}.
 */
public sealed interface QuorumExpression permits Term, AllOf, AnyOf {

	/**
	 * Parses an expression; a mistake is a {@link QuorumSyntaxException} naming where.
	 */
	static QuorumExpression parse(String text) {
		return new QuorumParser(text).parse();
	}

	/**
	 * The ways to satisfy this expression, in the order written: each a list of terms
	 * that must all be met by different people (the expression in disjunctive normal
	 * form).
	 */
	List<List<Term>> alternatives();

	/** Every term, in the order written. */
	List<Term> terms();

	/** This expression and one more term, met by people other than those of this one. */
	default QuorumExpression and(Term term) {
		return new AllOf(List.of(this, term));
	}

	/** The roles the expression names. */
	default Set<RoleName> roles() {
		Set<RoleName> roles = new TreeSet<>();
		terms().forEach((term) -> roles.add(term.role()));
		return roles;
	}

	static List<Term> termsOf(List<QuorumExpression> parts) {
		List<Term> terms = new ArrayList<>();
		parts.forEach((part) -> terms.addAll(part.terms()));
		return List.copyOf(terms);
	}

}
