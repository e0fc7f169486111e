// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Recursive descent over the grammar in docs/approvals.md; {@code and} binds tighter than
 * {@code or}, keywords in any case, role names exactly as the server spells them.
 */
final class QuorumParser {

	/** The most terms one expression may hold; it bounds the work of evaluating it. */
	static final int MAX_TERMS = 16;

	/** The deepest nesting of parentheses. */
	static final int MAX_DEPTH = 8;

	private static final Pattern COUNT = Pattern.compile("[1-9][0-9]{0,2}");

	private final String text;

	// index of the next character to read
	private int next;

	private int terms;

	private int depth;

	QuorumParser(String text) {
		this.text = text;
	}

	QuorumExpression parse() {
		QuorumExpression expression = anyOf();
		if (skipSpace() < this.text.length()) {
			throw error(this.next, "\"and\", \"or\" or the end");
		}
		return expression;
	}

	private QuorumExpression anyOf() {
		List<QuorumExpression> parts = new ArrayList<>(List.of(allOf()));
		while (keyword("or")) {
			parts.add(allOf());
		}
		return (parts.size() == 1) ? parts.get(0) : new AnyOf(parts);
	}

	private QuorumExpression allOf() {
		List<QuorumExpression> parts = new ArrayList<>(List.of(primary()));
		while (keyword("and")) {
			parts.add(primary());
		}
		return (parts.size() == 1) ? parts.get(0) : new AllOf(parts);
	}

	private QuorumExpression primary() {
		int start = skipSpace();
		if (start < this.text.length() && this.text.charAt(start) == '(') {
			if (++this.depth > MAX_DEPTH) {
				throw error(start, "at most " + MAX_DEPTH + " nested parentheses");
			}
			this.next = start + 1;
			QuorumExpression inner = anyOf();
			int close = skipSpace();
			if (close >= this.text.length() || this.text.charAt(close) != ')') {
				throw error(close, "\"and\", \"or\" or \")\"");
			}
			this.next = close + 1;
			this.depth--;
			return inner;
		}
		return term();
	}

	private Term term() {
		int start = skipSpace();
		String count = word();
		if (count.isEmpty()) {
			throw error(start, "a term such as \"2 of approver\", or \"(\"");
		}
		if (!COUNT.matcher(count).matches() || Integer.parseInt(count) > Term.MAX_COUNT) {
			throw error(start, "a number of people from 1 to " + Term.MAX_COUNT);
		}
		if (++this.terms > MAX_TERMS) {
			throw error(start, "at most " + MAX_TERMS + " terms");
		}
		int of = skipSpace();
		if (!word().equalsIgnoreCase("of")) {
			throw error(of, "\"of\"");
		}
		int role = skipSpace();
		String name = word();
		if (!RoleName.isValid(name)) {
			throw error(role, "a role name (a lower-case letter, then letters, digits, '_' or '-')");
		}
		return new Term(Integer.parseInt(count), RoleName.of(name));
	}

	// consumes the keyword if it is the next word
	private boolean keyword(String keyword) {
		int start = skipSpace();
		if (word().equalsIgnoreCase(keyword)) {
			return true;
		}
		this.next = start;
		return false;
	}

	// the word starting at the next character (empty at the end or a parenthesis),
	// consumed
	private String word() {
		int start = this.next;
		while (this.next < this.text.length() && !isSpace(this.text.charAt(this.next))
				&& !isParenthesis(this.text.charAt(this.next))) {
			this.next++;
		}
		return this.text.substring(start, this.next);
	}

	private int skipSpace() {
		while (this.next < this.text.length() && isSpace(this.text.charAt(this.next))) {
			this.next++;
		}
		return this.next;
	}

	private QuorumSyntaxException error(int index, String expected) {
		this.next = index;
		String found;
		if (index >= this.text.length()) {
			found = "the end";
		}
		else if (isParenthesis(this.text.charAt(index))) {
			found = "\"" + this.text.charAt(index) + "\"";
		}
		else {
			String word = word();
			found = "\"" + ((word.length() > 24) ? word.substring(0, 24) + "…" : word) + "\"";
		}
		return new QuorumSyntaxException(index + 1, expected, found);
	}

	private static boolean isSpace(char c) {
		return c == ' ' || c == '\t' || c == '\n' || c == '\r';
	}

	private static boolean isParenthesis(char c) {
		return c == '(' || c == ')';
	}

}
