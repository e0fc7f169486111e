package io.countersign.ledger.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;
import io.countersign.ledger.evidence.ApprovalLedger.Person;
import io.countersign.ledger.note.VerifierKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence verifier on delegated decisions (counted as the delegator, signed over a
 * message naming them, four eyes over both people) and on approvals by standing rules
 * (the rule re-applied to the proven request, counted as its creator).
 */
class DelegationAndStandingRuleEvidenceTest {

	@TempDir
	Path dir;

	private final ApprovalLedger ledger = new ApprovalLedger()
		.withPolicy(ApprovalLedger.policy("1 of security", List.of(), Optional.empty()));

	@Test
	void aDelegatedDecisionCountsAsTheDelegator() throws IOException {
		this.ledger.queued();
		delegated(this.ledger.bob, this.ledger.carol, "APPROVED", Optional.empty());
		assertThat(verdict()).startsWith("INTACT:").contains("state APPROVED");
	}

	@Test
	void aDelegatesSignatureDoesNotCountForSomeoneElse() throws IOException {
		this.ledger.queued();
		delegated(this.ledger.bob, this.ledger.carol, "APPROVED", Optional.of("dave"));
		assertThat(verdict()).startsWith("DECISION_SIGNATURE: decision 1 (bob for carol, revision 1)");
	}

	@Test
	void theInitiatorAsADelegateAndOneHumanTwiceBreakFourEyes() throws IOException {
		this.ledger.queued();
		delegated(this.ledger.ivan, this.ledger.carol, "APPROVED", Optional.empty());
		assertThat(verdict()).isEqualTo("FOUR_EYES: decision 1 (ivan for carol, revision 1): the initiator ivan "
				+ "decided for someone else as their delegate");

		ApprovalLedger twice = new ApprovalLedger()
			.withPolicy(ApprovalLedger.policy("2 of approver", List.of(), Optional.empty()));
		twice.queued();
		twice.approve(twice.bob, "UNDER_REVIEW");
		delegatedOn(twice, twice.bob, twice.alice, "APPROVED", Optional.empty());
		assertThat(verdict(twice)).isEqualTo(
				"FOUR_EYES: decision 2 (bob for alice, revision 1): bob already decided revision 1 in decision 1");
	}

	@Test
	void anAutoApprovalVerifiesWhenItsRuleApplies() throws IOException {
		this.ledger.queued();
		auto(rule("db-primary", "carol", "2026-12-31T00:00:00Z"), "carol", "APPROVED", false);
		assertThat(verdict()).startsWith("INTACT:").contains("state APPROVED").contains("0 signed decision(s)");
	}

	@Test
	void anAutoApprovalTheRuleDoesNotGiveIsCaught() throws IOException {
		assertThat(autoVerdict(rule("db-replica", "carol", "2026-12-31T00:00:00Z"), "carol", false))
			.startsWith("STANDING_RULE:")
			.contains("\"secret\" is \"db-primary\"");
		assertThat(autoVerdict(rule("db-primary", "carol", "2026-12-01T00:00:00Z"), "carol", false))
			.startsWith("STANDING_RULE:")
			.contains("the rule ended");
		assertThat(autoVerdict(rule("db-primary", "ivan", "2026-12-31T00:00:00Z"), "ivan", false))
			.startsWith("STANDING_RULE:")
			.contains("initiated the request");
		assertThat(autoVerdict(rule("db-primary", "carol", "2026-12-31T00:00:00Z"), "alice", false))
			.startsWith("STANDING_RULE:")
			.contains("created by carol");
		assertThat(autoVerdict(rule("db-primary", "carol", "2026-12-31T00:00:00Z"), "carol", true))
			.startsWith("STANDING_RULE:")
			.contains("elevated");
	}

	private String autoVerdict(Map<String, Object> rule, String approver, boolean elevated) throws IOException {
		ApprovalLedger fresh = new ApprovalLedger().withPolicy(
				ApprovalLedger.policy("1 of security", List.of(), elevated ? Optional.of("admin") : Optional.empty()));
		fresh.queued();
		autoOn(fresh, rule, approver, "APPROVED");
		return verdict(fresh);
	}

	private Map<String, Object> rule(String secret, String creator, String until) {
		Map<String, Object> constraints = new LinkedHashMap<>();
		constraints.put("graceSeconds", Map.of("max", 600L));
		constraints.put("secret", Map.of("equals", secret));
		Map<String, Object> rule = new LinkedHashMap<>();
		rule.put("id", "rule-1");
		rule.put("actionType", ApprovalLedger.ACTION);
		rule.put("constraints", constraints);
		rule.put("createdBy", creator);
		rule.put("createdAt", "2026-11-30T00:00:00Z");
		rule.put("until", until);
		rule.put("event", "event-1");
		return rule;
	}

	private void auto(Map<String, Object> rule, String approver, String state, boolean unused) {
		autoOn(this.ledger, rule, approver, state);
	}

	private static void autoOn(ApprovalLedger ledger, Map<String, Object> rule, String approver, String state) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("revision", (long) ledger.revision());
		details.put("digest", ledger.digest().hex());
		details.put("decision", "approve");
		details.put("reason", "standing rule rule-1: routine");
		details.put("approver", approver);
		details.put("roles", List.of("security"));
		details.put("rule", rule);
		details.put("state", state);
		ledger.log("ACTION_AUTO_APPROVED", "countersign", "standing rule rule-1: routine", details);
	}

	private void delegated(Person delegate, Person delegator, String state, Optional<String> signedFor) {
		delegatedOn(this.ledger, delegate, delegator, state, signedFor);
	}

	private static void delegatedOn(ApprovalLedger ledger, Person delegate, Person delegator, String state,
			Optional<String> signedFor) {
		SigningMessage message = new SigningMessage(ApprovalRequestId.of(ledger.request), ledger.revision(),
				Verdict.APPROVE, "Covering for " + delegator.id(), ledger.digest(),
				Optional.of(PersonId.of(signedFor.orElse(delegator.id()))));
		ledger.decide(delegate, Verdict.APPROVE, state, message, (details) -> {
			Map<String, Object> edited = new LinkedHashMap<>(details);
			edited.put("roles", delegator.roles());
			edited.put("onBehalfOf", delegator.id());
			edited.put("delegation", "delegation-1");
			return edited;
		});
	}

	private String verdict() throws IOException {
		return verdict(this.ledger);
	}

	private String verdict(ApprovalLedger ledger) throws IOException {
		// an honest history is packed by the writer (which derives the convenience
		// files);
		// a forged one only unchecked, as the writer refuses it
		Path file = this.dir.resolve(Math.abs(ledger.hashCode()) + ".zip");
		Path evidence;
		try {
			evidence = ledger.pack(file);
		}
		catch (IllegalArgumentException ex) {
			evidence = ledger.packUnchecked(file);
		}
		EvidenceResult result = EvidencePackageVerifier.verify(evidence, Optional.of(VerifierKey.parse(ledger.key())));
		if (result instanceof EvidenceIntact intact) {
			return "INTACT: state " + intact.state() + ": " + intact.decisions() + " signed decision(s)";
		}
		return ((EvidenceTampered) result).summary();
	}

}
