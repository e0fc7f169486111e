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
import io.countersign.ledger.note.VerifierKey;
import org.junit.jupiter.api.Test;
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
		long auto = this.ledger.log("ACTION_AUTO_APPROVED", "system", "standing rule",
				Map.of("revision", 1L, "state", "APPROVED"));

		assertThat(verdictOfUncheckedPackage()).isEqualTo("PACKAGE_MALFORMED: event at index " + auto
				+ " (ACTION_AUTO_APPROVED) is not an approval event this verifier knows");
	}

	@Test
	void keyInsideThePackageIsUsedWhenNoneIsPinned() throws IOException {
		this.ledger.executed();
		Path evidence = this.ledger.pack(this.dir.resolve("evidence.zip"));

		assertThat(EvidencePackageVerifier.verify(evidence, Optional.empty())).isInstanceOf(EvidenceIntact.class);
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
