// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class QuorumExpressionTest {

	private static final Term TWO_APPROVERS = Term.of(2, "approver");

	private static final Term ONE_SECURITY = Term.of(1, "security");

	@Test
	void parsesTheIssuesExamples() {
		assertThat(QuorumExpression.parse("2 of approver")).isEqualTo(TWO_APPROVERS);
		assertThat(QuorumExpression.parse("2 of approver and 1 of security"))
			.isEqualTo(new AllOf(List.of(TWO_APPROVERS, ONE_SECURITY)));
		assertThat(QuorumExpression.parse("1 of sre-oncall or (2 of admin)"))
			.isEqualTo(new AnyOf(List.of(Term.of(1, "sre-oncall"), Term.of(2, "admin"))));
	}

	@Test
	void andBindsTighterThanOr() {
		Term a = Term.of(1, "a");
		Term b = Term.of(1, "b");
		Term c = Term.of(1, "c");
		assertThat(QuorumExpression.parse("1 of a or 1 of b and 1 of c"))
			.isEqualTo(new AnyOf(List.of(a, new AllOf(List.of(b, c)))));
		assertThat(QuorumExpression.parse("1 of a and 1 of b or 1 of c"))
			.isEqualTo(new AnyOf(List.of(new AllOf(List.of(a, b)), c)));
		assertThat(QuorumExpression.parse("(1 of a or 1 of b) and 1 of c"))
			.isEqualTo(new AllOf(List.of(new AnyOf(List.of(a, b)), c)));
	}

	@Test
	void keywordsAreCaseInsensitiveAndSpacingIsFree() {
		assertThat(QuorumExpression.parse("  2 OF approver\tAND\n1 Of security "))
			.isEqualTo(QuorumExpression.parse("2 of approver and 1 of security"));
		assertThat(QuorumExpression.parse("(1 of a)OR(1 of b)")).isEqualTo(QuorumExpression.parse("1 of a or 1 of b"));
	}

	@Test
	void rendersCanonicallyWithParenthesesOnlyWhereNeeded() {
		assertThat(QuorumExpression.parse("((2 OF approver))  and (1 of security)"))
			.hasToString("2 of approver and 1 of security");
		assertThat(QuorumExpression.parse("1 of sre-oncall or (2 of admin)"))
			.hasToString("1 of sre-oncall or 2 of admin");
		assertThat(QuorumExpression.parse("(1 of a or 1 of b) and (1 of c or (1 of d and 1 of e))"))
			.hasToString("(1 of a or 1 of b) and (1 of c or 1 of d and 1 of e)");
		assertThat(QuorumExpression.parse("1 of a and (1 of b and 1 of c)"))
			.hasToString("1 of a and 1 of b and 1 of c");
	}

	@Test
	void roleNamesMayBeKeywordsBecauseTheirPlaceSaysWhatTheyAre() {
		QuorumExpression expression = QuorumExpression.parse("1 of or and 1 of and");
		assertThat(expression).isEqualTo(new AllOf(List.of(Term.of(1, "or"), Term.of(1, "and"))));
		assertThat(QuorumExpression.parse(expression.toString())).isEqualTo(expression);
	}

	@Test
	void alternativesAreTheDisjunctiveNormalFormInWrittenOrder() {
		QuorumExpression expression = QuorumExpression.parse("(1 of a or 2 of b) and (1 of c or 1 of d)");
		assertThat(expression.alternatives()).containsExactly(List.of(Term.of(1, "a"), Term.of(1, "c")),
				List.of(Term.of(1, "a"), Term.of(1, "d")), List.of(Term.of(2, "b"), Term.of(1, "c")),
				List.of(Term.of(2, "b"), Term.of(1, "d")));
		assertThat(expression.terms()).containsExactly(Term.of(1, "a"), Term.of(2, "b"), Term.of(1, "c"),
				Term.of(1, "d"));
		assertThat(expression.roles()).extracting(RoleName::value).containsExactly("a", "b", "c", "d");
	}

	@Test
	void parseErrorsNameThePositionAndWhatWasExpected() {
		assertError("", 1, "a term such as \"2 of approver\", or \"(\"", "the end");
		assertError("2 approver", 3, "\"of\"", "\"approver\"");
		assertError("2 of", 5, "a role name (a lower-case letter, then letters, digits, '_' or '-')", "the end");
		assertError("2 of Approver", 6, "a role name (a lower-case letter, then letters, digits, '_' or '-')",
				"\"Approver\"");
		assertError("0 of approver", 1, "a number of people from 1 to 100", "\"0\"");
		assertError("02 of approver", 1, "a number of people from 1 to 100", "\"02\"");
		assertError("101 of approver", 1, "a number of people from 1 to 100", "\"101\"");
		assertError("two of approver", 1, "a number of people from 1 to 100", "\"two\"");
		assertError("2 of approver 1 of security", 15, "\"and\", \"or\" or the end", "\"1\"");
		assertError("2 of approver and", 18, "a term such as \"2 of approver\", or \"(\"", "the end");
		assertError("2 of approver or or 1 of a", 18, "a number of people from 1 to 100", "\"or\"");
		assertError("(2 of approver", 15, "\"and\", \"or\" or \")\"", "the end");
		assertError("2 of approver)", 14, "\"and\", \"or\" or the end", "\")\"");
		assertError("()", 2, "a term such as \"2 of approver\", or \"(\"", "\")\"");
		assertError("1 of a and (1 of b xor 1 of c)", 20, "\"and\", \"or\" or \")\"", "\"xor\"");
		assertError("1 of sre.oncall", 6, "a role name (a lower-case letter, then letters, digits, '_' or '-')",
				"\"sre.oncall\"");
	}

	@Test
	void limitsTermsAndNestingSoEvaluationStaysCheap() {
		String sixteen = String.join(" and ", java.util.Collections.nCopies(16, "1 of a"));
		assertThat(QuorumExpression.parse(sixteen).terms()).hasSize(16);
		assertError(sixteen + " or 1 of b", sixteen.length() + 5, "at most 16 terms", "\"1\"");
		assertThat(QuorumExpression.parse("(".repeat(8) + "1 of a" + ")".repeat(8))).isEqualTo(Term.of(1, "a"));
		assertError("(".repeat(9) + "1 of a" + ")".repeat(9), 9, "at most 8 nested parentheses", "\"(\"");
		assertThat(QuorumExpression.parse("100 of a")).isEqualTo(Term.of(100, "a"));
	}

	@Test
	void valuesRefuseWhatTheGrammarRefuses() {
		assertThatIllegalArgumentException().isThrownBy(() -> Term.of(0, "a"));
		assertThatIllegalArgumentException().isThrownBy(() -> Term.of(101, "a"));
		assertThatIllegalArgumentException().isThrownBy(() -> Term.of(1, "A"));
		assertThatIllegalArgumentException().isThrownBy(() -> new AllOf(List.of(Term.of(1, "a"))));
		assertThatIllegalArgumentException().isThrownBy(() -> new AnyOf(List.of(Term.of(1, "a"))));
		assertThat(new AllOf(List.of(new AllOf(List.of(Term.of(1, "a"), Term.of(1, "b"))), Term.of(1, "c"))))
			.isEqualTo(QuorumExpression.parse("1 of a and 1 of b and 1 of c"));
	}

	@Test
	void andAddsATermAtTheEnd() {
		QuorumExpression quorum = QuorumExpression.parse("1 of a or 1 of b");
		assertThat(quorum.and(Term.of(1, "c"))).hasToString("(1 of a or 1 of b) and 1 of c");
	}

	private static void assertError(String text, int position, String expected, String found) {
		QuorumSyntaxException error = catchThrowableOfType(QuorumSyntaxException.class,
				() -> QuorumExpression.parse(text));
		assertThat(error).as("parsing \"%s\"", text).isNotNull();
		assertThat(error.position()).as("position in \"%s\"", text).isEqualTo(position);
		assertThat(error.expected()).isEqualTo(expected);
		assertThat(error.found()).isEqualTo(found);
		assertThat(error)
			.hasMessage("quorum expression, character " + position + ": expected " + expected + ", found " + found);
	}

}
