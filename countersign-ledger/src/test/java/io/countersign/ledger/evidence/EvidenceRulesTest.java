package io.countersign.ledger.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.note.VerifierKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approval rules an evidence package is judged by, each broken by a server that
 * logged something it should not have.
 */
class EvidenceRulesTest {

	@TempDir
	Path dir;

	private final ApprovalLedger ledger = new ApprovalLedger();

	@Test
	void missingRevisionIsNamed() throws IOException {
		this.ledger.queued();
		this.ledger.revise(ApprovalEvents.REVISED, "Second revision of the rotation request", "ivan");
		this.ledger.events.remove(1);
		this.ledger.revised("Third revision of the rotation request");

		assertThat(verdict()).isEqualTo("PACKAGE_MALFORMED: the ACTION_REVISED of revision 2 is missing: the next "
				+ "revision event is event at index " + this.ledger.events.get(1) + " (ACTION_REVISED)");
	}

	@Test
	void secondQueuedEventIsNotARevision() throws IOException {
		this.ledger.queued();
		this.ledger.revise(ApprovalEvents.QUEUED, "Queued a second time by a confused server", "ivan");

		assertThat(verdict()).startsWith("PACKAGE_MALFORMED: the ACTION_REVISED of revision 2 is missing");
	}

	@Test
	void policyDocumentOfAnotherVersionThanTheContentIsBoundToIsCaught() throws IOException {
		Map<String, Object> policy = ApprovalLedger.policy("1 of approver", List.of(), Optional.empty());
		policy.put("version", 2L);
		this.ledger.withPolicy(policy).queued();

		assertThat(verdict()).isEqualTo("POLICY_MISMATCH: revision 1 (index " + this.ledger.events.get(0)
				+ "): its policy document is secret.rotate version 2, but its content is bound to secret.rotate version 3");
	}

	@Test
	void revisionByAnotherInitiatorIsCaught() throws IOException {
		this.ledger.queued();
		this.ledger.revise(ApprovalEvents.REVISED, "Taken over by someone who may approve it", "alice");

		assertThat(verdict()).isEqualTo("PACKAGE_MALFORMED: revision 2 (index " + this.ledger.events.get(1)
				+ ") changes the initiator or the action type of the request");
	}

	@Test
	void decisionOnARevisionNotYetLoggedIsCaught() throws IOException {
		this.ledger.queued();
		this.ledger.decide(this.ledger.alice, Verdict.APPROVE, "UNDER_REVIEW",
				this.ledger.message(Verdict.APPROVE, "Agreed"), (details) -> with(details, "revision", 2L));

		assertThat(verdict())
			.isEqualTo("PACKAGE_MALFORMED: decision 1 (alice, revision 2): no revision 2 was logged before it");
	}

	@Test
	void decisionSigningADigestThatIsNotItsRevisionsIsCaught() throws IOException {
		this.ledger.queued();
		RequestDigest other = RequestDigest.ofJson(Map.of("actionType", "data.destroy"));
		SigningMessage message = new SigningMessage(ApprovalRequestId.of(this.ledger.request), 1, Verdict.APPROVE,
				"Agreed", other);
		this.ledger.decide(this.ledger.alice, Verdict.APPROVE, "UNDER_REVIEW", message,
				(details) -> with(details, "digest", other.hex()));

		assertThat(verdict()).isEqualTo("DIGEST_MISMATCH: decision 1 (alice, revision 1): signs digest " + other
				+ ", but revision 1 has digest " + this.ledger.digest());
	}

	@Test
	void signatureOfTheWrongLengthIsCaught() throws IOException {
		this.ledger.queued();
		this.ledger.decide(this.ledger.alice, Verdict.APPROVE, "UNDER_REVIEW",
				this.ledger.message(Verdict.APPROVE, "Agreed"),
				(details) -> with(details, "signature", Base64.getEncoder().encodeToString(new byte[63])));

		assertThat(verdict())
			.isEqualTo("DECISION_SIGNATURE: decision 1 (alice, revision 1): signature is not 64 bytes in base64");
	}

	@Test
	void decisionThatContradictsItsEventTypeIsMalformed() throws IOException {
		this.ledger.queued();
		this.ledger.decide(this.ledger.alice, Verdict.APPROVE, "UNDER_REVIEW",
				this.ledger.message(Verdict.APPROVE, "Agreed"), (details) -> with(details, "decision", "reject"));

		assertThat(verdictOfUncheckedPackage())
			.isEqualTo("PACKAGE_MALFORMED: event at index " + this.ledger.events.get(1)
					+ " (ACTION_APPROVED): details.decision must be \"approve\" in an ACTION_APPROVED event");
	}

	@Test
	void decisionAfterApprovalIsNotATransition() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.approve(this.ledger.bob, "APPROVED");
		this.ledger.reject(this.ledger.carol, "REJECTED");

		assertThat(verdict())
			.isEqualTo("STATE_TRANSITION: decision 3 (carol, revision 1): decides a request that is already APPROVED");
	}

	@Test
	void metQuorumLeftUnderReviewIsAWrongState() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.approve(this.ledger.bob, "UNDER_REVIEW");

		assertThat(verdict()).isEqualTo("STATE_TRANSITION: decision 2 (bob, revision 1): records the request "
				+ "UNDER_REVIEW, but the rules give APPROVED");
	}

	@Test
	void rejectionWithoutVetoRejectsNothing() throws IOException {
		this.ledger.queued();
		this.ledger.reject(this.ledger.alice, "REJECTED");

		assertThat(verdict()).isEqualTo("STATE_TRANSITION: decision 1 (alice, revision 1): records the request "
				+ "REJECTED, but the rules give UNDER_REVIEW");
	}

	@Test
	void rejectionThatLeftTheQuorumUnreachableEndsTheRequest() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.decide(this.ledger.bob, Verdict.REJECT, "REJECTED",
				this.ledger.message(Verdict.REJECT, "Not during the freeze"),
				(details) -> with(details, "rejectedBecause", "quorum unreachable"));

		assertThat(verdict()).isEqualTo("INTACT: approval request " + this.ledger.request
				+ " (secret.rotate), state REJECTED: 1 revision(s), 2 signed decision(s), 3 events");
	}

	@Test
	void quorumUnreachableDoesNotExcuseAnApprovalWithoutItsQuorum() throws IOException {
		this.ledger.queued();
		this.ledger.decide(this.ledger.alice, Verdict.REJECT, "REJECTED",
				this.ledger.message(Verdict.REJECT, "Not during the freeze"),
				(details) -> with(details, "rejectedBecause", "quorum unreachable"));
		this.ledger.step(ApprovalEvents.EXECUTION_STARTED, "EXECUTING", Optional.empty());

		assertThat(verdict()).startsWith("STATE_TRANSITION: event at index " + this.ledger.events.get(2)
				+ " (ACTION_EXECUTION_STARTED) moves the request from REJECTED to EXECUTING");
	}

	@Test
	void vetoClaimedWithoutAVetoRejectsNothing() throws IOException {
		this.ledger.queued();
		this.ledger.decide(this.ledger.alice, Verdict.REJECT, "REJECTED",
				this.ledger.message(Verdict.REJECT, "Not during the freeze"),
				(details) -> with(details, "rejectedBecause", "veto"));

		assertThat(verdict()).isEqualTo("STATE_TRANSITION: decision 1 (alice, revision 1): records the request "
				+ "REJECTED, but the rules give UNDER_REVIEW");
	}

	@ParameterizedTest
	@ValueSource(strings = { "approve", "reject" })
	void rejectedBecauseIsOnlyVetoOrQuorumUnreachableOnARejection(String verdict) throws IOException {
		Verdict decision = Verdict.fromWireName(verdict);
		String because = (decision == Verdict.APPROVE) ? "quorum unreachable" : "bored";
		this.ledger.queued();
		this.ledger.decide(this.ledger.alice, decision, "UNDER_REVIEW", this.ledger.message(decision, "Agreed"),
				(details) -> with(details, "rejectedBecause", because));

		assertThat(verdictOfUncheckedPackage()).isEqualTo("PACKAGE_MALFORMED: event at index "
				+ this.ledger.events.get(1) + " (ACTION_" + ((decision == Verdict.APPROVE) ? "APPROVED" : "REJECTED")
				+ "): details.rejectedBecause must be \"veto\" or \"quorum unreachable\" on a rejection");
	}

	@Test
	void amendingAnApprovedRequestIsNotATransition() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.approve(this.ledger.bob, "APPROVED");
		this.ledger.revised("Amended after approval, hoping nobody looks");

		assertThat(verdict()).isEqualTo("STATE_TRANSITION: revision 2 (index " + this.ledger.events.get(3)
				+ ") amends a request that is APPROVED; only a request under review is amended");
	}

	@Test
	void stepBeforeTheRequestWasQueuedIsCaught() throws IOException {
		long expired = this.ledger.log(ApprovalEvents.EXPIRED, "system", "expired", Map.of("state", "EXPIRED"));
		this.ledger.queued();

		assertThat(verdict()).isEqualTo("STATE_TRANSITION: event at index " + expired
				+ " (ACTION_EXPIRED) comes before the request was queued");
	}

	@Test
	void stepRecordingAnotherStateThanItMeansIsMalformed() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.approve(this.ledger.bob, "APPROVED");
		long started = this.ledger.step(ApprovalEvents.EXECUTION_STARTED, "EXECUTED", Optional.empty());

		assertThat(verdict()).isEqualTo("PACKAGE_MALFORMED: event at index " + started
				+ " (ACTION_EXECUTION_STARTED) records state EXECUTED, but it means EXECUTING");
	}

	@Test
	void executionOfAnEarlierRevisionIsCaught() throws IOException {
		this.ledger.queued();
		this.ledger.revised("Quarterly rotation of the primary database secret, amended");
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.approve(this.ledger.bob, "APPROVED");
		long started = this.ledger.log(ApprovalEvents.EXECUTION_STARTED, "ivan", "run",
				Map.of("revision", 1L, "state", "EXECUTING"));

		assertThat(verdict()).isEqualTo("STATE_TRANSITION: event at index " + started
				+ " (ACTION_EXECUTION_STARTED) names revision 1, but the request is at revision 2");
	}

	@Test
	void successWithoutAClaimIsNotATransition() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.approve(this.ledger.bob, "APPROVED");
		long succeeded = this.ledger.executionSucceeded();

		assertThat(verdict()).isEqualTo("STATE_TRANSITION: event at index " + succeeded
				+ " (ACTION_EXECUTION_SUCCEEDED) moves the request from APPROVED to EXECUTED, which is not a "
				+ "transition (no ACTION_EXECUTION_STARTED before it)");
	}

	@Test
	void rolledBackRequestIsIntact() throws IOException {
		this.ledger.executed();
		this.ledger.log(ApprovalEvents.ROLLED_BACK, "ivan", "rolled back",
				Map.of("rolledBackBy", "01936f7a-3c5e-7d1a-9b2c-4e5f60718293", "state", "ROLLED_BACK"));

		assertThat(verdict())
			.startsWith("INTACT: approval request " + this.ledger.request + " (secret.rotate), state ROLLED_BACK");
	}

	@Test
	void expiredAndCancelledRequestsAreIntact() throws IOException {
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.log(ApprovalEvents.EXPIRED, "system", "expired", Map.of("revision", 1L, "state", "EXPIRED"));

		assertThat(verdict()).contains("state EXPIRED: 1 revision(s), 1 signed decision(s), 3 events");
	}

	@Test
	void policyChangeEventsBelongOnlyToPolicyChangeRequests() throws IOException {
		this.ledger.queued();
		long proposed = this.ledger.log("POLICY_CHANGE_PROPOSED", "ivan", "proposed",
				Map.of("revision", 1L, "state", "UNDER_REVIEW"));

		assertThat(verdict()).isEqualTo("PACKAGE_MALFORMED: event at index " + proposed
				+ " (POLICY_CHANGE_PROPOSED) belongs to a request of action type secret.rotate");
	}

	@Test
	void policyChangeRequestWithItsPolicyChangeEventsIsIntact() throws IOException {
		Map<String, Object> policy = ApprovalLedger.policy("2 of approver", List.of(), Optional.empty());
		policy.put("actionType", "policy.change");
		this.ledger.withActionType("policy.change").withPolicy(policy);
		this.ledger.queued();
		this.ledger.log("POLICY_CHANGE_PROPOSED", "ivan", "proposed", Map.of("revision", 1L, "state", "UNDER_REVIEW"));
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		this.ledger.log("POLICY_CHANGE_REVIEWED", "alice", "reviewed", Map.of("revision", 1L, "state", "UNDER_REVIEW"));
		this.ledger.approve(this.ledger.bob, "APPROVED");
		this.ledger.log("POLICY_CHANGE_APPROVED", "bob", "approved", Map.of("revision", 1L, "state", "APPROVED"));

		assertThat(verdict()).isEqualTo("INTACT: approval request " + this.ledger.request
				+ " (policy.change), state APPROVED: 1 revision(s), 2 signed decision(s), 6 events");
	}

	@Test
	void policyChangeEventRecordingAStateNeverReachedIsCaught() throws IOException {
		Map<String, Object> policy = ApprovalLedger.policy("2 of approver", List.of(), Optional.empty());
		policy.put("actionType", "policy.change");
		this.ledger.withActionType("policy.change").withPolicy(policy);
		this.ledger.queued();
		this.ledger.approve(this.ledger.alice, "UNDER_REVIEW");
		long activated = this.ledger.log("POLICY_CHANGE_ACTIVATED", "ivan", "activated",
				Map.of("revision", 1L, "state", "EXECUTED"));

		assertThat(verdict()).isEqualTo("STATE_TRANSITION: event at index " + activated
				+ " (POLICY_CHANGE_ACTIVATED) records state EXECUTED, which the request's ACTION_ events never reach");
	}

	@Test
	void unknownEventTypeIsNotSilentlySkipped() throws IOException {
		this.ledger.queued();
		long auto = this.ledger.log("ACTION_ESCALATED", "system", "paged the on-call",
				Map.of("revision", 1L, "state", "APPROVED"));

		assertThat(verdictOfUncheckedPackage()).isEqualTo("PACKAGE_MALFORMED: event at index " + auto
				+ " (ACTION_ESCALATED) is not an approval event this verifier knows");
	}

	@Test
	void keyInsideThePackageIsUsedWhenNoneIsPinned() throws IOException {
		this.ledger.executed();
		Path evidence = this.ledger.pack(this.dir.resolve("evidence.zip"));

		assertThat(EvidencePackageVerifier.verify(evidence, Optional.empty())).isInstanceOf(EvidenceIntact.class);
	}

	@Test
	void lateDecisionOnAReplacedRevisionDoesNotCount() throws IOException {
		this.ledger.queued();
		SigningMessage onRevisionOne = this.ledger.message(Verdict.APPROVE, "Agreed to the first version");
		String firstDigest = this.ledger.digest().hex();
		this.ledger.revised("Quarterly rotation of the primary database secret, amended");
		this.ledger.decide(this.ledger.alice, Verdict.APPROVE, "UNDER_REVIEW", onRevisionOne,
				(details) -> with(with(details, "revision", 1L), "digest", firstDigest));
		this.ledger.approve(this.ledger.bob, "APPROVED");

		assertThat(verdict()).startsWith("QUORUM_NOT_MET: decision 2 (bob, revision 2): records the request APPROVED, "
				+ "but the decisions on revision 2 do not meet the quorum");
	}

	@Test
	void lateDecisionOnAReplacedRevisionChangesNoState() throws IOException {
		this.ledger.queued();
		SigningMessage onRevisionOne = this.ledger.message(Verdict.APPROVE, "Agreed to the first version");
		String firstDigest = this.ledger.digest().hex();
		this.ledger.revised("Quarterly rotation of the primary database secret, amended");
		this.ledger.approve(this.ledger.bob, "UNDER_REVIEW");
		this.ledger.decide(this.ledger.alice, Verdict.APPROVE, "UNDER_REVIEW", onRevisionOne,
				(details) -> with(with(details, "revision", 1L), "digest", firstDigest));

		assertThat(verdict()).contains("state UNDER_REVIEW: 2 revision(s), 2 signed decision(s)");
	}

	@Test
	void policyDocumentOfAnotherActionTypeIsCaught() throws IOException {
		Map<String, Object> policy = ApprovalLedger.policy("1 of approver", List.of(), Optional.empty());
		policy.put("actionType", "data.destroy");
		this.ledger.withPolicy(policy).queued();

		assertThat(verdict()).isEqualTo("POLICY_MISMATCH: revision 1 (index " + this.ledger.events.get(0)
				+ "): its policy document is data.destroy version 3, but its content is bound to secret.rotate version 3");
	}

	@Test
	void revisionOfAnotherActionTypeIsCaught() throws IOException {
		this.ledger.queued();
		Map<String, Object> policy = ApprovalLedger.policy("1 of approver", List.of(), Optional.empty());
		policy.put("actionType", "data.destroy");
		this.ledger.withActionType("data.destroy").withPolicy(policy);
		this.ledger.revised("Now it destroys the data instead of rotating");

		assertThat(verdict()).isEqualTo("PACKAGE_MALFORMED: revision 2 (index " + this.ledger.events.get(1)
				+ ") changes the initiator or the action type of the request");
	}

	@Test
	void roleThatIsNotARoleNameIsMalformed() throws IOException {
		this.ledger.queued();
		this.ledger.decide(this.ledger.alice, Verdict.APPROVE, "UNDER_REVIEW",
				this.ledger.message(Verdict.APPROVE, "Agreed"), (details) -> with(details, "roles", List.of("Admin")));

		assertThat(verdict())
			.isEqualTo("PACKAGE_MALFORMED: decision 1 (alice, revision 1): \"Admin\" is not a role name");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "quorum||needs an actionType, a version and a quorum",
					"version|three|needs an actionType, a version and a quorum",
					"actionType||needs an actionType, a version and a quorum",
					"quorum|2 approver|quorum expression, character 3: expected \"of\", found \"approver\"",
					"veto|security|needs a veto array and an elevated flag",
					"elevated|yes|needs a veto array and an elevated flag",
					"elevated|true|is elevated but names no elevation role" })
	void malformedPolicyDocumentIsNamed(String member, String value, String problem) throws IOException {
		Map<String, Object> policy = ApprovalLedger.policy("1 of approver", List.of(), Optional.empty());
		if (value == null) {
			policy.remove(member);
		}
		else {
			policy.put(member, value.equals("true") ? (Object) Boolean.TRUE : value);
		}
		this.ledger.withPolicy(policy).queued();

		assertThat(verdictOfUncheckedPackage()).isEqualTo("PACKAGE_MALFORMED: revision 1 (index "
				+ this.ledger.events.get(0) + "): its policy document: " + problem);
	}

	@Test
	void vetoOfSomethingElseThanRoleNamesIsMalformed() throws IOException {
		this.ledger.withPolicy(ApprovalLedger.policy("1 of approver", List.of("Security"), Optional.empty())).queued();
		assertThat(verdictOfUncheckedPackage()).startsWith("PACKAGE_MALFORMED: revision 1 (index "
				+ this.ledger.events.get(0) + "): its policy document: a role name matches");

		ApprovalLedger numbers = new ApprovalLedger();
		Map<String, Object> policy = ApprovalLedger.policy("1 of approver", List.of(), Optional.empty());
		policy.put("veto", List.of(7L));
		numbers.withPolicy(policy).queued();
		EvidenceResult result = EvidencePackageVerifier.verify(numbers.packUnchecked(this.dir.resolve("numbers.zip")),
				Optional.of(VerifierKey.parse(numbers.key())));
		assertThat(((EvidenceTampered) result).detail()).endsWith("its policy document: veto holds role names, not 7");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "digest|0123|details.digest must be 64 lower-case hex digits",
			"content.initiator||details.content must be a request content with an initiator and an action type",
			"content.actionType||details.content must be a request content with an initiator and an action type",
			"content.policy|secret.rotate|details.content.policy must be an object" })
	void malformedRevisionIsNamed(String member, String value, String problem) throws IOException {
		this.ledger.revise(ApprovalEvents.QUEUED, "Quarterly rotation of the primary database secret", "ivan",
				(details) -> edited(details, member, value));

		assertThat(verdictOfUncheckedPackage()).isEqualTo(
				"PACKAGE_MALFORMED: event at index " + this.ledger.events.get(0) + " (ACTION_QUEUED): " + problem);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "digest|C6BB|details.digest must be 64 lower-case hex digits",
			"decision|maybe|details.decision must be \"approve\" or \"reject\"",
			"publicKey|AAAA|details.publicKey must be the base64 of an Ed25519 SPKI key",
			"reason|two\\nlines|details.reason must be one line of text (a reason is one line without control characters (found U+000A at 4))",
			"approver|' '|details.approver must be a person id" })
	void malformedDecisionIsNamed(String member, String value, String problem) throws IOException {
		this.ledger.queued();
		this.ledger.decide(this.ledger.alice, Verdict.APPROVE, "UNDER_REVIEW",
				this.ledger.message(Verdict.APPROVE, "Agreed"),
				(details) -> edited(details, member, value.replace("\\n", "\n")));

		assertThat(verdictOfUncheckedPackage()).isEqualTo(
				"PACKAGE_MALFORMED: event at index " + this.ledger.events.get(1) + " (ACTION_APPROVED): " + problem);
	}

	@Test
	void rollbackThatNamesNoRollbackRequestIsMalformed() throws IOException {
		this.ledger.executed();
		long rolledBack = this.ledger.log(ApprovalEvents.ROLLED_BACK, "ivan", "rolled back",
				Map.of("state", "ROLLED_BACK"));

		assertThat(verdictOfUncheckedPackage()).isEqualTo("PACKAGE_MALFORMED: event at index " + rolledBack
				+ " (ACTION_ROLLED_BACK): details.rolledBackBy must be a string");
	}

	@Test
	void eventAboutAnotherKindOfResourceWithTheSameIdIsCaught() throws IOException {
		long key = this.ledger.logAbout(new Resource("approver_key", this.ledger.request), ApprovalEvents.QUEUED,
				"ivan", "looks like a request", Map.of());
		this.ledger.events.add(key);

		assertThat(verdictOfUncheckedPackage())
			.isEqualTo("OTHER_REQUEST: event at index " + key + " (ACTION_QUEUED) is about approver_key "
					+ this.ledger.request + ", not approval request " + this.ledger.request);
	}

	@ParameterizedTest
	@ValueSource(strings = { "01936F7A-3C5E-7D1A-9B2C-4E5F60718293", "not-a-uuid" })
	void requestIdThatIsNotALowerCaseUuidIsMalformed(String id) throws IOException {
		long queued = this.ledger.logAbout(new Resource(ApprovalEvents.RESOURCE_TYPE, id), ApprovalEvents.QUEUED,
				"ivan", "requested", Map.of());
		this.ledger.events.add(queued);

		assertThat(verdictOfUncheckedPackage()).isEqualTo("PACKAGE_MALFORMED: event at index " + queued
				+ " (ACTION_QUEUED): \"" + id + "\" is not the lower-case UUID of an approval request");
	}

	@Test
	void packageWithoutItsQueuedEventIsMalformed() throws IOException {
		this.ledger.log(ApprovalEvents.EXPIRED, "system", "expired", Map.of("state", "EXPIRED"));

		assertThat(verdictOfUncheckedPackage()).isEqualTo("PACKAGE_MALFORMED: the package holds no ACTION_QUEUED "
				+ "event of approval request " + this.ledger.request);
	}

	/**
	 * The details with one member (a.b for a member of an object) set, or removed for
	 * null.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> edited(Map<String, Object> details, String member, String value) {
		Map<String, Object> edited = new LinkedHashMap<>(details);
		Map<String, Object> parent = edited;
		String name = member;
		if (member.contains(".")) {
			String outer = member.substring(0, member.indexOf('.'));
			parent = new LinkedHashMap<>((Map<String, Object>) edited.get(outer));
			edited.put(outer, parent);
			name = member.substring(member.indexOf('.') + 1);
		}
		if (value == null) {
			parent.remove(name);
		}
		else {
			parent.put(name, value);
		}
		return edited;
	}

	private String verdict() throws IOException {
		return verdict(this.ledger.pack(this.dir.resolve("evidence.zip")));
	}

	/** For events the writer refuses to pack. */
	private String verdictOfUncheckedPackage() throws IOException {
		return verdict(this.ledger.packUnchecked(this.dir.resolve("evidence.zip")));
	}

	private String verdict(Path evidence) throws IOException {
		EvidenceResult result = EvidencePackageVerifier.verify(evidence,
				Optional.of(VerifierKey.parse(this.ledger.key())));
		if (result instanceof EvidenceIntact intact) {
			return "INTACT: approval request " + intact.requestId() + " (" + intact.actionType() + "), state "
					+ intact.state() + ": " + intact.revisions() + " revision(s), " + intact.decisions()
					+ " signed decision(s), " + intact.events() + " events";
		}
		return ((EvidenceTampered) result).summary();
	}

	private static Map<String, Object> with(Map<String, Object> details, String name, Object value) {
		Map<String, Object> edited = new LinkedHashMap<>(details);
		edited.put(name, value);
		return edited;
	}

}
