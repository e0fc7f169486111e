// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.countersign.ledger.testing.RandomCase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class QuorumPropertiesTest {

	private static final String ROLES = "abcd";

	@Test
	void evaluationAgreesWithTheBruteForceMeaning() {
		RandomCase.check(600, (random) -> {
			QuorumExpression quorum = expression(random, random.between(1, 5));
			Set<RoleName> veto = random.oneIn(3) ? roles(random) : Set.of();
			PersonId initiator = PersonId.of("p" + random.between(0, 6));
			List<Decision> decisions = new ArrayList<>();
			for (int i = random.between(0, 6); i > 0; i--) {
				decisions.add(new Decision(PersonId.of("p" + random.between(0, 6)), roles(random),
						random.oneIn(4) ? Verdict.REJECT : Verdict.APPROVE));
			}
			QuorumStatus status = new QuorumPolicy(quorum, veto, Optional.empty()).evaluate(initiator, decisions);
			// the reference: each person's first decision, the initiator's not at all
			Map<PersonId, Decision> firsts = new LinkedHashMap<>();
			decisions.forEach((decision) -> firsts.putIfAbsent(decision.person(), decision));
			firsts.remove(initiator);
			boolean vetoed = firsts.values()
				.stream()
				.anyMatch((decision) -> decision.verdict() == Verdict.REJECT
						&& decision.roles().stream().anyMatch(veto::contains));
			Map<PersonId, Set<RoleName>> approvers = new LinkedHashMap<>();
			firsts.values()
				.stream()
				.filter((decision) -> decision.verdict() == Verdict.APPROVE)
				.forEach((decision) -> approvers.put(decision.person(), decision.roles()));
			List<Set<RoleName>> people = new ArrayList<>(approvers.values());
			String given = "%s, veto %s, decisions %s, initiator %s".formatted(quorum, veto, decisions, initiator);
			if (vetoed) {
				assertThat(status).as(given).isInstanceOf(Vetoed.class);
				Vetoed vetoedBy = (Vetoed) status;
				assertThat(firsts.get(vetoedBy.person()).verdict()).isEqualTo(Verdict.REJECT);
				assertThat(firsts.get(vetoedBy.person()).roles()).contains(vetoedBy.role());
				assertThat(veto).contains(vetoedBy.role());
				return;
			}
			assertThat(status instanceof QuorumMet).as(given).isEqualTo(BruteForceQuorum.satisfied(quorum, people));
			QuorumProgress progress = (status instanceof QuorumMet met) ? met.progress()
					: ((QuorumOpen) status).progress();
			assertThat(progress.alternatives()).hasSameSizeAs(quorum.alternatives());
			for (int a = 0; a < progress.alternatives().size(); a++) {
				List<Term> alternative = quorum.alternatives().get(a);
				AlternativeProgress shown = progress.alternatives().get(a);
				int filled = alternative.stream().mapToInt(Term::count).sum() - shown.missing();
				assertThat(filled).as("%s filled by %s", alternative, approvers)
					.isEqualTo(BruteForceQuorum.mostFilled(alternative, people));
				assertCountedFairly(shown, alternative, approvers);
			}
		});
	}

	@Test
	void reachabilityAgreesWithTheBruteForceMeaningForEveryInitiator() {
		RandomCase.check(400, (random) -> {
			QuorumExpression quorum = expression(random, random.between(1, 4));
			Map<PersonId, Set<RoleName>> eligible = new LinkedHashMap<>();
			for (int i = random.between(0, 5); i > 0; i--) {
				eligible.put(PersonId.of("p" + random.between(0, 7)), roles(random));
			}
			Set<PersonId> initiators = new HashSet<>();
			for (int i = random.between(0, 3); i > 0; i--) {
				initiators.add(PersonId.of("p" + random.between(0, 7)));
			}
			Reachability reachability = Reachability.check(quorum, eligible, initiators);
			boolean expected = true;
			boolean anyEligibleInitiator = false;
			for (PersonId initiator : initiators) {
				if (eligible.containsKey(initiator)) {
					anyEligibleInitiator = true;
					expected &= BruteForceQuorum.satisfied(quorum, without(eligible, Optional.of(initiator)));
				}
			}
			if (!anyEligibleInitiator) {
				expected = BruteForceQuorum.satisfied(quorum, without(eligible, Optional.empty()));
			}
			assertThat(reachability instanceof Reachable)
				.as("%s reachable by %s, initiators %s", quorum, eligible, initiators)
				.isEqualTo(expected);
			if (reachability instanceof Unreachable unreachable) {
				// the initiator named is one for whom it really fails, and the term is
				// open
				assertThat(BruteForceQuorum.satisfied(quorum, without(eligible, unreachable.initiator()))).isFalse();
				assertThat(unreachable.closest().terms()).extracting(TermProgress::term).contains(unreachable.term());
				assertThat(unreachable.closest().firstOpenTerm()).isPresent();
			}
		});
	}

	@Test
	void canonicalTextParsesBackToTheSameExpression() {
		RandomCase.check(500, (random) -> {
			QuorumExpression quorum = expression(random, random.between(1, 16));
			String text = quorum.toString();
			assertThat(QuorumExpression.parse(text)).as(text).isEqualTo(quorum);
			String written = write(random, quorum, 0);
			assertThat(QuorumExpression.parse(written)).as(written).isEqualTo(quorum);
			assertThat(QuorumExpression.parse(written)).hasToString(text);
		});
	}

	@Test
	void anyEditedTextParsesOrFailsWithAPositionInsideIt() {
		RandomCase.check(1000, (random) -> {
			StringBuilder text = new StringBuilder(expression(random, random.between(1, 6)).toString());
			for (int i = random.between(1, 3); i > 0; i--) {
				int at = random.between(0, text.length());
				switch (random.between(0, 2)) {
					case 0 -> text.insert(at, random.oneOf("(", ")", " ", "and", "or", "of", "0", "7", "x", "A", "."));
					case 1 -> text.delete(at, Math.min(text.length(), at + random.between(1, 4)));
					default -> text.replace(at, Math.min(text.length(), at + 1), random.oneOf("(", ")", " ", "Z"));
				}
			}
			Throwable thrown = catchThrowable(() -> QuorumExpression.parse(text.toString()));
			if (thrown != null) {
				assertThat(thrown).as(text.toString()).isInstanceOf(QuorumSyntaxException.class);
				assertThat(((QuorumSyntaxException) thrown).position()).isBetween(1, text.length() + 1);
			}
		});
	}

	private static void assertCountedFairly(AlternativeProgress shown, List<Term> alternative,
			Map<PersonId, Set<RoleName>> approvers) {
		Set<PersonId> seen = new HashSet<>();
		for (int t = 0; t < alternative.size(); t++) {
			TermProgress term = shown.terms().get(t);
			assertThat(term.term()).isEqualTo(alternative.get(t));
			assertThat(term.counted().size()).isLessThanOrEqualTo(term.term().count());
			for (PersonId person : term.counted()) {
				assertThat(approvers).containsKey(person);
				assertThat(approvers.get(person)).contains(term.term().role());
				assertThat(seen.add(person)).as("%s counted twice", person).isTrue();
			}
		}
	}

	private static List<Set<RoleName>> without(Map<PersonId, Set<RoleName>> eligible, Optional<PersonId> initiator) {
		Map<PersonId, Set<RoleName>> others = new LinkedHashMap<>(eligible);
		initiator.ifPresent(others::remove);
		return new ArrayList<>(others.values());
	}

	private static Set<RoleName> roles(RandomCase random) {
		Set<RoleName> roles = new TreeSet<>();
		for (char role : random.string(ROLES, 0, 3).toCharArray()) {
			roles.add(RoleName.of(String.valueOf(role)));
		}
		return roles;
	}

	// a random tree of exactly this many terms
	static QuorumExpression expression(RandomCase random, int terms) {
		if (terms == 1) {
			return Term.of(random.oneIn(4) ? random.between(1, 3) : random.between(1, 2),
					String.valueOf(ROLES.charAt(random.between(0, ROLES.length() - 1))));
		}
		int parts = random.between(2, Math.min(terms, 3));
		List<QuorumExpression> children = new ArrayList<>();
		int left = terms;
		for (int i = parts; i > 0; i--) {
			int size = (i == 1) ? left : random.between(1, left - (i - 1));
			children.add(expression(random, size));
			left -= size;
		}
		return random.oneIn(2) ? new AllOf(children) : new AnyOf(children);
	}

	// the same expression with redundant parentheses, other cases and other spacing
	private static String write(RandomCase random, QuorumExpression expression, int open) {
		// a redundant pair only where the parser's nesting limit leaves room for it
		boolean redundant = random.oneIn(6) && open + 1 + nesting(expression) <= QuorumParser.MAX_DEPTH;
		int inside = redundant ? open + 1 : open;
		String text;
		if (expression instanceof Term term) {
			text = term.count() + space(random) + keyword(random, "of") + space(random) + term.role();
		}
		else {
			boolean all = expression instanceof AllOf;
			List<QuorumExpression> parts = all ? ((AllOf) expression).parts() : ((AnyOf) expression).parts();
			List<String> written = new ArrayList<>();
			for (QuorumExpression part : parts) {
				boolean needed = all && part instanceof AnyOf;
				String inner = write(random, part, needed ? inside + 1 : inside);
				written.add(needed ? "(" + inner + ")" : inner);
			}
			text = String.join(space(random) + keyword(random, all ? "and" : "or") + space(random), written);
		}
		return redundant ? "(" + space(random).strip() + text + ")" : text;
	}

	// the parentheses the canonical text nests
	private static int nesting(QuorumExpression expression) {
		if (expression instanceof AllOf all) {
			return all.parts()
				.stream()
				.mapToInt((part) -> nesting(part) + ((part instanceof AnyOf) ? 1 : 0))
				.max()
				.orElse(0);
		}
		if (expression instanceof AnyOf any) {
			return any.parts().stream().mapToInt(QuorumPropertiesTest::nesting).max().orElse(0);
		}
		return 0;
	}

	private static String keyword(RandomCase random, String keyword) {
		return random.oneOf(keyword, keyword.toUpperCase(),
				Character.toUpperCase(keyword.charAt(0)) + keyword.substring(1));
	}

	private static String space(RandomCase random) {
		return random.oneOf(" ", "  ", "\t", "\n ", " \r\n");
	}

}
