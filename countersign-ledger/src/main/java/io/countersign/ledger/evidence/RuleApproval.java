package io.countersign.ledger.evidence;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.approval.ParameterConstraints;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.approval.StandingRule;
import io.countersign.ledger.approval.Verdict;

/**
 * An approval by a standing rule, as ACTION_AUTO_APPROVED logged it: it counts as the
 * rule's creator ({@code approver}) with the roles they held when it applied. No person's
 * key signed it; the rule it names (its constraints, window, creator and the id of its
 * RULE_CREATED ledger event) is the evidence, and the verifier checks that the rule
 * applies to the revision exactly as the server's rules say (docs/approvals.md, "Standing
 * rules").
 */
record RuleApproval(LoggedEvent at, int number, int revision, RequestDigest digest, String reason, String approver,
		List<String> roles, StandingRule rule, String ruleCreatedAt, String ruleEvent,
		ApprovalState state) implements LoggedStep {

	static RuleApproval read(LoggedEvent at, int number) throws TamperedEvidence {
		Details details = new Details(at);
		int revision = details.positive("revision");
		RequestDigest digest;
		try {
			digest = RequestDigest.fromHex(details.text("digest"));
		}
		catch (IllegalArgumentException ex) {
			throw details.malformed("digest", "64 lower-case hex digits");
		}
		if (!Verdict.APPROVE.wireName().equals(details.text("decision"))) {
			throw details.malformed("decision", "\"approve\" (a rule never rejects)");
		}
		String approver = details.text("approver");
		if (approver.isBlank()) {
			throw details.malformed("approver", "a person id");
		}
		Map<String, Object> rule = details.object("rule");
		StandingRule standing;
		try {
			standing = new StandingRule(text(rule, "id"), text(rule, "actionType"),
					ParameterConstraints.fromJson(rule.get("constraints")), PersonId.of(text(rule, "createdBy")),
					Instant.parse(text(rule, "until")));
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			throw details.malformed("rule", "a standing rule: id, actionType, constraints, createdBy, createdAt, "
					+ "until and event (" + ex.getMessage() + ")");
		}
		return new RuleApproval(at, number, revision, digest, details.text("reason"), approver, details.texts("roles"),
				standing, textOr(rule, "createdAt"), textOr(rule, "event"), ApprovalEvents.state(details));
	}

	private static String text(Map<String, Object> object, String name) {
		if (!(object.get(name) instanceof String text) || text.isBlank()) {
			throw new IllegalArgumentException(name + " is not a string");
		}
		return text;
	}

	private static String textOr(Map<String, Object> object, String name) {
		return (object.get(name) instanceof String text) ? text : "";
	}

	@Override
	public ApprovalState recordedState() {
		return this.state;
	}

	/**
	 * How messages name it:
	 * {@code auto-approval 2 (standing rule 0193… of alice, revision 1)}.
	 */
	String describe() {
		return "auto-approval " + this.number + " (standing rule " + this.rule.id() + " of " + this.approver
				+ ", revision " + this.revision + ")";
	}

}
