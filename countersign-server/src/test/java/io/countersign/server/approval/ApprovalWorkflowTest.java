package io.countersign.server.approval;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApproverKey;
import io.countersign.ledger.approval.DecisionSignature;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;
import io.countersign.ledger.json.Json;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static io.countersign.server.approval.ApprovalFixture.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The approval workflow over HTTP on PostgreSQL: requests, signed decisions, quorums,
 * veto, amendments and every refusal, checked against the ledger events.
 */
class ApprovalWorkflowTest extends PostgresApplicationTest {

	private static final String PARAMETERS = "{\"secret\":\"db-primary\",\"graceSeconds\":300,\"keepOld\":true}";

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	ApprovalFixture fixture;

	@BeforeEach
	void fixture() {
		this.fixture = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
		this.fixture.role("security", "approvals:decide", "approvals:read");
	}

	@Test
	void twoSignedApprovalsFromDifferentPeopleApproveAndEveryStepIsOnTheLedger() {
		String type = policy("2 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		Person bob = this.fixture.person("bob", "approver");

		JsonNode opened = this.fixture.open(ivan, type, PARAMETERS);
		String id = opened.get("id").asString();
		assertThat(opened.get("state").asString()).isEqualTo("UNDER_REVIEW");
		assertThat(opened.get("revision").asInt()).isEqualTo(1);
		assertThat(opened.get("policy").get("version").asInt()).isEqualTo(1);
		assertThat(opened.get("quorum").get("missing").asInt()).isEqualTo(2);

		HttpResponse<String> first = this.fixture.decide(alice, id, Verdict.APPROVE, "Looks right");
		assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
		assertThat(ApiClient.json(first).get("state").asString()).isEqualTo("UNDER_REVIEW");
		JsonNode progress = this.fixture.read(id).get("quorum");
		assertThat(progress.get("missing").asInt()).isEqualTo(1);
		assertThat(progress.get("terms").get(0).get("counted").get(0).asString()).isEqualTo(alice.name());
		assertThat(progress.get("terms").get(0).get("open").asBoolean()).isTrue();

		HttpResponse<String> second = this.fixture.decide(bob, id, Verdict.APPROVE, "Agreed with on-call");
		assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
		assertThat(ApiClient.json(second).get("state").asString()).isEqualTo("APPROVED");

		List<JsonNode> events = this.fixture.events(id);
		assertThat(events).extracting((event) -> event.get("type").asString())
			.containsExactly("ACTION_QUEUED", "ACTION_APPROVED", "ACTION_APPROVED");
		JsonNode queued = events.get(0);
		assertThat(queued.get("actor").get("id").asString()).isEqualTo(ivan.name());
		assertThat(queued.get("resource").get("type").asString()).isEqualTo("approval_request");
		assertThat(queued.get("links").get("approval_id").asString()).isEqualTo(id);
		JsonNode details = queued.get("details");
		String digest = details.get("digest").asString();
		assertThat(digest).isEqualTo(opened.get("digest").asString())
			.isEqualTo(RequestDigest.ofJson(Json.parse(details.get("content").toString())).hex());
		assertThat(details.get("policy").get("quorum").asString()).isEqualTo("2 of approver");
		assertThat(details.get("content").get("initiator").asString()).isEqualTo(ivan.name());

		JsonNode approval = events.get(2).get("details");
		assertThat(approval.get("approver").asString()).isEqualTo(bob.name());
		assertThat(approval.get("state").asString()).isEqualTo("APPROVED");
		assertThat(approval.get("roles").get(0).asString()).isEqualTo("approver");
		SigningMessage message = new SigningMessage(ApprovalRequestId.of(id), 1, Verdict.APPROVE,
				approval.get("reason").asString(), RequestDigest.fromHex(approval.get("digest").asString()));
		ApproverKey key = ApproverKey.fromSpki(Base64.getDecoder().decode(approval.get("publicKey").asString()));
		assertThat(key.fingerprint()).isEqualTo(approval.get("fingerprint").asString());
		assertThat(key.verifies(message, DecisionSignature.fromBase64(approval.get("signature").asString()))).isTrue();
	}

	@Test
	void theInitiatorCannotApproveThroughASecondTokenNorDecideTwice() {
		String type = policy("1 of approver");
		Person ivan = this.fixture.person("ivan", "operator", "approver");
		Person alice = this.fixture.person("alice", "approver");
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		Person ivanAgain = new Person(ivan.name(), this.fixture.admin().withToken(this.fixture.token(ivan.name())),
				ivan.keys(), ivan.keyId());

		HttpResponse<String> self = this.fixture.decide(ivanAgain, id, Verdict.APPROVE, "Fine by me");
		assertThat(self.statusCode()).as(self.body()).isEqualTo(403);
		assertThat(code(self)).isEqualTo("ERR_SOLE_APPROVER");

		HttpResponse<String> rejected = this.fixture.decide(alice, id, Verdict.REJECT, "Not this week");
		assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(201);
		HttpResponse<String> again = this.fixture.decide(alice, id, Verdict.APPROVE, "Changed my mind");
		assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
		assertThat(code(again)).isEqualTo("ERR_DUPLICATE_DECISION");
		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED", "ACTION_REJECTED");
	}

	@Test
	void aSignatureCountsOnlyForItsRequestRevisionDecisionAndTheSignersOwnKey() {
		String type = policy("1 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		Person bob = this.fixture.person("bob", "approver");
		JsonNode first = this.fixture.open(ivan, type, PARAMETERS);
		String id = first.get("id").asString();
		String other = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		String digest = first.get("digest").asString();

		SigningMessage forOther = new SigningMessage(ApprovalRequestId.of(other), 1, Verdict.APPROVE, "Looks right",
				RequestDigest.fromHex(this.fixture.read(other).get("digest").asString()));
		assertRefused(this.fixture.send(alice, id, Verdict.APPROVE, "Looks right", alice.keyId(), alice.sign(forOther)),
				"ERR_INVALID_SIGNATURE");
		SigningMessage rejecting = new SigningMessage(ApprovalRequestId.of(id), 1, Verdict.REJECT, "Looks right",
				RequestDigest.fromHex(digest));
		assertRefused(
				this.fixture.send(alice, id, Verdict.APPROVE, "Looks right", alice.keyId(), alice.sign(rejecting)),
				"ERR_INVALID_SIGNATURE");
		SigningMessage right = new SigningMessage(ApprovalRequestId.of(id), 1, Verdict.APPROVE, "Looks right",
				RequestDigest.fromHex(digest));
		assertRefused(this.fixture.send(alice, id, Verdict.APPROVE, "Looks right", bob.keyId(), bob.sign(right)),
				"ERR_INVALID_SIGNATURE");
		assertRefused(this.fixture.send(alice, id, Verdict.APPROVE, "Looks right", alice.keyId(), "not base64!"),
				"ERR_INVALID_SIGNATURE");
		assertRefused(this.fixture.send(alice, id, Verdict.APPROVE, "Looks right", alice.keyId(),
				Base64.getEncoder().encodeToString(new byte[63])), "ERR_INVALID_SIGNATURE");

		// amended: a signature over revision 1 no longer counts
		HttpResponse<String> amended = ivan.api()
			.send("PUT", "/api/v1/approvals/" + id, "{\"parameters\":{\"secret\":\"db-replica\"},"
					+ "\"justification\":\"Quarterly rotation, the replica this time\"}");
		assertThat(amended.statusCode()).as(amended.body()).isEqualTo(200);
		assertThat(ApiClient.json(amended).get("revision").asInt()).isEqualTo(2);
		assertRefused(this.fixture.send(alice, id, Verdict.APPROVE, "Looks right", alice.keyId(), alice.sign(right)),
				"ERR_INVALID_SIGNATURE");

		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED", "ACTION_REVISED");
		HttpResponse<String> accepted = this.fixture.decide(alice, id, Verdict.APPROVE, "Looks right");
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
		assertThat(ApiClient.json(accepted).get("state").asString()).isEqualTo("APPROVED");
	}

	@Test
	void anAmendedRequestLosesTheApprovalsOfItsEarlierRevision() {
		String type = policy("2 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		Person bob = this.fixture.person("bob", "approver");
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		assertThat(this.fixture.decide(alice, id, Verdict.APPROVE, "Looks right").statusCode()).isEqualTo(201);

		HttpResponse<String> amended = ivan.api()
			.send("PUT", "/api/v1/approvals/" + id,
					"{\"parameters\":{\"secret\":\"db-primary\",\"graceSeconds\":600},\"diff\":\"- 300\\n+ 600\","
							+ "\"justification\":\"Quarterly rotation, longer grace period\"}");
		assertThat(amended.statusCode()).as(amended.body()).isEqualTo(200);
		JsonNode request = ApiClient.json(amended);
		assertThat(request.get("quorum").get("missing").asInt()).isEqualTo(2);
		assertThat(request.get("decisions").get(0).get("counts").asBoolean()).isFalse();

		assertThat(this.fixture.decide(bob, id, Verdict.APPROVE, "Looks right").statusCode()).isEqualTo(201);
		assertThat(this.fixture.read(id).get("state").asString()).isEqualTo("UNDER_REVIEW");
		HttpResponse<String> alicesAgain = this.fixture.decide(alice, id, Verdict.APPROVE, "Still right");
		assertThat(alicesAgain.statusCode()).as(alicesAgain.body()).isEqualTo(201);
		assertThat(ApiClient.json(alicesAgain).get("state").asString()).isEqualTo("APPROVED");
		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED", "ACTION_APPROVED", "ACTION_REVISED",
				"ACTION_APPROVED", "ACTION_APPROVED");
		JsonNode revised = this.fixture.events(id).get(2).get("details");
		assertThat(revised.get("revision").asInt()).isEqualTo(2);
		assertThat(revised.get("content").get("diff").asString()).isEqualTo("- 300\n+ 600");
	}

	@Test
	void aQuorumOfTwoApproversAndOneSecurityPersonCountsEachPersonOnce() {
		String type = policy("2 of approver and 1 of security");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		Person bob = this.fixture.person("bob", "approver", "security");
		Person carol = this.fixture.person("carol", "security");

		// just misses: alice and bob are two approvers, or one approver and security
		String missed = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		this.fixture.decide(alice, missed, Verdict.APPROVE, "Looks right");
		HttpResponse<String> bobs = this.fixture.decide(bob, missed, Verdict.APPROVE, "Looks right");
		assertThat(ApiClient.json(bobs).get("state").asString()).isEqualTo("UNDER_REVIEW");
		assertThat(this.fixture.read(missed).get("quorum").get("missing").asInt()).isEqualTo(1);

		// just meets: a third person for security
		HttpResponse<String> carols = this.fixture.decide(carol, missed, Verdict.APPROVE, "Security agrees");
		assertThat(ApiClient.json(carols).get("state").asString()).isEqualTo("APPROVED");
		JsonNode quorum = this.fixture.read(missed).get("quorum");
		assertThat(quorum.get("met").asBoolean()).isTrue();
		assertThat(quorum.get("missing").asInt()).isZero();
	}

	@Test
	void aVetoRejectsWhateverTheApprovals() {
		String type = policy("1 of approver", "security");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		Person carol = this.fixture.person("carol", "security");
		Person dave = this.fixture.person("dave", "approver");
		this.fixture.person("erin", "approver");
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();

		HttpResponse<String> plain = this.fixture.decide(dave, id, Verdict.REJECT, "I would wait");
		assertThat(ApiClient.json(plain).get("state").asString()).as("others can still approve")
			.isEqualTo("UNDER_REVIEW");
		HttpResponse<String> veto = this.fixture.decide(carol, id, Verdict.REJECT, "Not during the audit");
		assertThat(ApiClient.json(veto).get("state").asString()).isEqualTo("REJECTED");
		HttpResponse<String> late = this.fixture.decide(alice, id, Verdict.APPROVE, "Looks right");
		assertThat(late.statusCode()).isEqualTo(409);
		assertThat(code(late)).isEqualTo("ERR_INVALID_STATE_TRANSITION");
		JsonNode vetoEvent = this.fixture.events(id).get(2).get("details");
		assertThat(vetoEvent.get("rejectedBecause").asString()).isEqualTo("veto");
		assertThat(this.fixture.read(id).get("quorum").get("vetoedBy").get("role").asString()).isEqualTo("security");
	}

	@Test
	void aRejectionThatLeavesTooFewEligiblePeopleToMeetTheQuorumRejects() {
		String role = PostgresTestDatabase.randomName("vault_");
		this.fixture.role(role, "approvals:decide", "approvals:read");
		String type = policy("1 of " + role);
		Person ivan = this.fixture.person("ivan", "operator");
		Person carol = this.fixture.person("carol", role);
		Person dan = this.fixture.person("dan", role);
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();

		HttpResponse<String> first = this.fixture.decide(carol, id, Verdict.REJECT, "Not now");
		assertThat(ApiClient.json(first).get("state").asString()).as("dan can still approve").isEqualTo("UNDER_REVIEW");
		HttpResponse<String> last = this.fixture.decide(dan, id, Verdict.REJECT, "Not now either");
		assertThat(ApiClient.json(last).get("state").asString()).isEqualTo("REJECTED");
		assertThat(this.fixture.events(id).get(2).get("details").get("rejectedBecause").asString())
			.isEqualTo("quorum unreachable");
	}

	@Test
	void badInputIsRefusedWithoutAStateChangeOrAnEvent() {
		String type = policy("1 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");

		HttpResponse<String> unknown = this.fixture.request(ivan, "no.such.action", PARAMETERS,
				"A long enough justification here");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(code(unknown)).isEqualTo("ERR_UNKNOWN_ACTION_TYPE");
		HttpResponse<String> tooShort = this.fixture.request(ivan, type, PARAMETERS, "because");
		assertThat(tooShort.statusCode()).isEqualTo(400);
		assertThat(code(tooShort)).isEqualTo("ERR_JUSTIFICATION_TOO_SHORT");
		HttpResponse<String> notInitiator = this.fixture.request(alice, type, PARAMETERS,
				"A long enough justification here");
		assertThat(notInitiator.statusCode()).isEqualTo(403);
		HttpResponse<String> nowhere = this.fixture.decide(alice, "01936f7a-3c5e-7d1a-9b2c-4e5f60718293", 1,
				"c6bb2e477cd5fe774603aae4940c5d2d397209177ee8cd462ea691c98924a823", Verdict.APPROVE, "Looks right");
		assertThat(nowhere.statusCode()).isEqualTo(404);
		assertThat(code(nowhere)).isEqualTo("ERR_PROPOSAL_NOT_FOUND");

		HttpResponse<String> huge = ivan.api()
			.post("/api/v1/approvals", "application/json",
					"{\"actionType\":\"" + type + "\",\"parameters\":{},\"diff\":\"" + "x".repeat(50_000)
							+ "\",\"justification\":\"A long enough justification here\"}");
		assertThat(huge.statusCode()).isEqualTo(400);
		assertThat(code(huge)).isEqualTo("ERR_VALIDATION");
		HttpResponse<String> notJson = ivan.api().post("/api/v1/approvals", "application/json", "{\"actionType\":");
		assertThat(notJson.statusCode()).isEqualTo(400);
		HttpResponse<String> notAnObject = ivan.api()
			.post("/api/v1/approvals", "application/json", "{\"actionType\":\"" + type
					+ "\",\"parameters\":\"x\",\"justification\":\"A long enough justification here\"}");
		assertThat(notAnObject.statusCode()).isEqualTo(400);
		assertThat(code(notAnObject)).isEqualTo("ERR_VALIDATION");
		assertThat(ApiClient.json(notAnObject).get("detail").asString())
			.isEqualTo("Field 'parameters' must be an object.");

		HttpResponse<String> list = ivan.api().get("/api/v1/approvals?initiatedBy=me");
		assertThat(ApiClient.json(list).get("items")).isEmpty();
	}

	@Test
	void listsPageByKeysetAndShowWhatWaitsForMe() {
		String type = policy("1 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		String oldest = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		String middle = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		String newest = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		this.fixture.decide(alice, middle, Verdict.APPROVE, "Looks right");

		JsonNode firstPage = ApiClient.json(ivan.api().get("/api/v1/approvals?initiatedBy=me&limit=2"));
		assertThat(firstPage.get("items")).extracting((item) -> item.get("id").asString())
			.containsExactly(newest, middle);
		JsonNode secondPage = ApiClient
			.json(ivan.api().get("/api/v1/approvals?initiatedBy=me&limit=2&after=" + firstPage.get("next").asString()));
		assertThat(secondPage.get("items")).extracting((item) -> item.get("id").asString()).containsExactly(oldest);
		assertThat(secondPage.has("next")).isFalse();

		JsonNode waiting = ApiClient.json(alice.api().get("/api/v1/approvals?waitingFor=me"));
		assertThat(waiting.get("items")).extracting((item) -> item.get("id").asString())
			.contains(newest, oldest)
			.doesNotContain(middle);
		JsonNode approved = ApiClient.json(ivan.api().get("/api/v1/approvals?initiatedBy=me&state=APPROVED"));
		assertThat(approved.get("items")).extracting((item) -> item.get("id").asString()).containsExactly(middle);
		assertThat(ApiClient.json(ivan.api().get("/api/v1/approvals?waitingFor=me")).get("items")).isEmpty();
	}

	@Test
	void aNullParameterIsShownAsSignedSoTheDigestRecomputesFromWhatTheApiShows() {
		String type = policy("1 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		String id = this.fixture.open(ivan, type, "{\"secret\":\"db-primary\",\"replica\":null,\"tags\":[null]}")
			.get("id")
			.asString();

		JsonNode shown = this.fixture.read(id);
		assertThat(shown.get("parameters").has("replica")).isTrue();
		assertThat(shown.get("parameters").get("replica").isNull()).isTrue();
		JsonNode content = shown.get("revisions").get(0).get("content");
		assertThat(content.has("diff")).isTrue();
		assertThat(RequestDigest.ofJson(Json.parse(content.toString())).hex())
			.isEqualTo(shown.get("digest").asString());
	}

	@Test
	void theInitiatorCancelsARequestUnderReview() {
		String type = policy("1 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		HttpResponse<String> notHers = alice.api()
			.post("/api/v1/approvals/" + id + "/cancellation", "application/json", "{}");
		assertThat(notHers.statusCode()).isEqualTo(403);
		HttpResponse<String> cancelled = ivan.api()
			.post("/api/v1/approvals/" + id + "/cancellation", "application/json", "{\"reason\":\"Not needed\"}");
		assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
		assertThat(ApiClient.json(cancelled).get("state").asString()).isEqualTo("CANCELLED");
		assertThat(code(this.fixture.decide(alice, id, Verdict.APPROVE, "Looks right")))
			.isEqualTo("ERR_INVALID_STATE_TRANSITION");
		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED", "ACTION_CANCELLED");
	}

	@Test
	void theInitiatorExecutesAnApprovedRequestOnceAndReportsTheOutcome() {
		String type = policy("2 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		Person bob = this.fixture.person("bob", "approver");
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		this.fixture.decide(alice, id, Verdict.APPROVE, "Looks right");

		HttpResponse<String> early = claim(ivan, id);
		assertThat(early.statusCode()).isEqualTo(409);
		assertThat(code(early)).isEqualTo("ERR_QUORUM_NOT_MET");
		this.fixture.decide(bob, id, Verdict.APPROVE, "Agreed with on-call");
		HttpResponse<String> notHers = claim(alice, id);
		assertThat(notHers.statusCode()).isEqualTo(403);

		HttpResponse<String> claimed = claim(ivan, id);
		assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
		assertThat(ApiClient.json(claimed).get("state").asString()).isEqualTo("EXECUTING");
		HttpResponse<String> again = claim(ivan, id);
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(code(again)).isEqualTo("ERR_INVALID_STATE_TRANSITION");

		HttpResponse<String> reported = ivan.api()
			.send("PUT", "/api/v1/approvals/" + id + "/execution",
					"{\"outcome\":\"succeeded\",\"result\":{\"rotatedAt\":\"2026-12-06T19:00:00Z\",\"version\":7}}");
		assertThat(reported.statusCode()).as(reported.body()).isEqualTo(200);
		JsonNode executed = ApiClient.json(reported);
		assertThat(executed.get("state").asString()).isEqualTo("EXECUTED");
		assertThat(executed.get("execution").get("result").get("version").asInt()).isEqualTo(7);
		HttpResponse<String> twice = ivan.api()
			.send("PUT", "/api/v1/approvals/" + id + "/execution", "{\"outcome\":\"failed\",\"result\":null}");
		assertThat(twice.statusCode()).isEqualTo(409);

		List<JsonNode> events = this.fixture.events(id);
		assertThat(events).extracting((event) -> event.get("type").asString())
			.containsExactly("ACTION_QUEUED", "ACTION_APPROVED", "ACTION_APPROVED", "ACTION_EXECUTION_STARTED",
					"ACTION_EXECUTION_SUCCEEDED");
		JsonNode succeeded = events.get(4);
		assertThat(succeeded.get("actor").get("id").asString()).isEqualTo(ivan.name());
		assertThat(succeeded.get("details").get("state").asString()).isEqualTo("EXECUTED");
		assertThat(succeeded.get("details").get("result").get("version").asInt()).isEqualTo(7);
	}

	@Test
	void twoApproversRacingForTheLastApprovalMakeOneTransition() throws Exception {
		String type = policy("2 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		List<Person> racers = List.of(this.fixture.person("bob", "approver"), this.fixture.person("carol", "approver"),
				this.fixture.person("dave", "approver"), this.fixture.person("erin", "approver"));
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		this.fixture.decide(alice, id, Verdict.APPROVE, "Looks right");
		JsonNode request = this.fixture.read(id);
		int revision = request.get("revision").asInt();
		String digest = request.get("digest").asString();

		List<HttpResponse<String>> answers = Race.all(racers.size(),
				(i) -> this.fixture.decide(racers.get(i), id, revision, digest, Verdict.APPROVE, "Racing to approve"));

		assertThat(answers).filteredOn((answer) -> answer.statusCode() == 201).hasSize(1);
		assertThat(answers).filteredOn((answer) -> answer.statusCode() == 409)
			.hasSize(racers.size() - 1)
			.allSatisfy((answer) -> assertThat(code(answer)).isEqualTo("ERR_INVALID_STATE_TRANSITION"));
		List<JsonNode> approvals = this.fixture.events(id)
			.stream()
			.filter((event) -> event.get("type").asString().equals("ACTION_APPROVED"))
			.toList();
		assertThat(approvals).hasSize(2);
		assertThat(approvals.get(1).get("details").get("state").asString()).isEqualTo("APPROVED");
	}

	@Test
	void aRollbackIsARequestOfItsOwnThatMarksTheOriginalRolledBackWhenItExecutes() {
		String type = policy("1 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		String original = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		HttpResponse<String> tooEarly = ivan.api()
			.post("/api/v1/approvals/" + original + "/rollback", "application/json",
					"{\"justification\":\"Undo the rotation, the replica lags\"}");
		assertThat(tooEarly.statusCode()).isEqualTo(409);
		this.fixture.decide(alice, original, Verdict.APPROVE, "Looks right");
		assertThat(claim(ivan, original).statusCode()).isEqualTo(201);
		assertThat(ivan.api()
			.send("PUT", "/api/v1/approvals/" + original + "/execution", "{\"outcome\":\"succeeded\",\"result\":1}")
			.statusCode()).isEqualTo(200);

		HttpResponse<String> opened = ivan.api()
			.post("/api/v1/approvals/" + original + "/rollback", "application/json",
					"{\"justification\":\"Undo the rotation, the replica lags\"}");
		assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
		JsonNode rollback = ApiClient.json(opened);
		String rollbackId = rollback.get("id").asString();
		assertThat(rollback.get("rollbackOf").asString()).isEqualTo(original);
		assertThat(rollback.get("parameters").get("secret").asString()).isEqualTo("db-primary");
		HttpResponse<String> second = ivan.api()
			.post("/api/v1/approvals/" + original + "/rollback", "application/json",
					"{\"justification\":\"Undo the rotation, the replica lags\"}");
		assertThat(second.statusCode()).isEqualTo(409);

		this.fixture.decide(alice, rollbackId, Verdict.APPROVE, "Roll it back");
		assertThat(claim(ivan, rollbackId).statusCode()).isEqualTo(201);
		assertThat(this.fixture.read(original).get("state").asString()).isEqualTo("EXECUTED");
		assertThat(ivan.api()
			.send("PUT", "/api/v1/approvals/" + rollbackId + "/execution",
					"{\"outcome\":\"succeeded\",\"result\":\"restored\"}")
			.statusCode()).isEqualTo(200);

		assertThat(this.fixture.read(original).get("state").asString()).isEqualTo("ROLLED_BACK");
		List<JsonNode> events = this.fixture.events(original);
		assertThat(events).extracting((event) -> event.get("type").asString()).endsWith("ACTION_ROLLED_BACK");
		JsonNode rolledBack = events.get(events.size() - 1);
		assertThat(rolledBack.get("details").get("rolledBackBy").asString()).isEqualTo(rollbackId);
		JsonNode queued = this.fixture.events(rollbackId).get(0);
		assertThat(queued.get("details").get("rollbackOf").asString()).isEqualTo(original);
		assertThat(queued.get("links").get("rollback_of").asString()).isEqualTo(original);
	}

	@Test
	void aDecisionSignedWithOpensslIsAccepted(@TempDir Path directory) throws Exception {
		assumeTrue(Openssl.version().filter((version) -> version.startsWith("OpenSSL 3")).isPresent(),
				"needs OpenSSL 3 (pkeyutl -rawin)");
		String type = policy("1 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		Path privateKey = directory.resolve("alice.pem");
		Openssl.run(directory, "genpkey", "-algorithm", "ed25519", "-out", privateKey.toString());
		Openssl.run(directory, "pkey", "-in", privateKey.toString(), "-pubout", "-out", "alice.pub.pem");
		HttpResponse<String> registered = alice.api()
			.post("/api/v1/me/keys", "application/json", "{\"publicKey\":"
					+ ApprovalFixture.quote(Files.readString(directory.resolve("alice.pub.pem"))) + "}");
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		String keyId = ApiClient.json(registered).get("id").asString();
		JsonNode request = this.fixture.open(ivan, type, PARAMETERS);
		String id = request.get("id").asString();
		SigningMessage message = new SigningMessage(ApprovalRequestId.of(id), 1, Verdict.APPROVE,
				"Rotation window agreed with on-call", RequestDigest.fromHex(request.get("digest").asString()));
		Files.writeString(directory.resolve("message.txt"), message.text());
		Openssl.run(directory, "pkeyutl", "-sign", "-rawin", "-inkey", privateKey.toString(), "-in", "message.txt",
				"-out", "decision.sig");
		String signature = Base64.getEncoder().encodeToString(Files.readAllBytes(directory.resolve("decision.sig")));

		HttpResponse<String> decided = this.fixture.send(alice, id, Verdict.APPROVE,
				"Rotation window agreed with on-call", keyId, signature);
		assertThat(decided.statusCode()).as(decided.body()).isEqualTo(201);
		assertThat(ApiClient.json(decided).get("state").asString()).isEqualTo("APPROVED");
	}

	@Test
	void keysAreListedAndRevokedAndARevokedKeySignsNothing() {
		String type = policy("1 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		JsonNode keys = ApiClient.json(alice.api().get("/api/v1/me/keys"));
		assertThat(keys.get("items")).extracting((key) -> key.get("id").asString()).containsExactly(alice.keyId());
		assertThat(alice.api().send("DELETE", "/api/v1/me/keys/" + alice.keyId()).statusCode()).isEqualTo(204);
		assertThat(ivan.api().send("DELETE", "/api/v1/me/keys/" + alice.keyId()).statusCode()).isEqualTo(404);
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();

		HttpResponse<String> refused = this.fixture.decide(alice, id, Verdict.APPROVE, "Looks right");
		assertThat(code(refused)).isEqualTo("ERR_INVALID_SIGNATURE");
		assertThat(this.fixture.eventTypes(alice.keyId())).containsExactly("APPROVER_KEY_REGISTERED",
				"APPROVER_KEY_REVOKED");
		HttpResponse<String> taken = ivan.api()
			.post("/api/v1/me/keys", "application/json", "{\"publicKey\":"
					+ ApprovalFixture.quote(ApproverKey.fromSpki(alice.keys().getPublic().getEncoded()).pem()) + "}");
		assertThat(taken.statusCode()).isEqualTo(409);
		assertThat(code(taken)).isEqualTo("ERR_KEY_REGISTERED");
		HttpResponse<String> notAKey = ivan.api()
			.post("/api/v1/me/keys", "application/json", "{\"publicKey\":\"-----BEGIN PUBLIC KEY-----\"}");
		assertThat(notAKey.statusCode()).isEqualTo(400);
	}

	@Test
	void aSmallOrderKeyWhoseSignaturesWouldVerifyForAnyMessageIsRefused() {
		Person ivan = this.fixture.person("ivan", "approver");
		// the identity point: under the JDK's check, R = identity and S = 0 verify for
		// every message, so a decision "signed" with it could be disowned or reused
		byte[] identity = new byte[44];
		System.arraycopy(java.util.HexFormat.of().parseHex("302a300506032b6570032100"), 0, identity, 0, 12);
		identity[12] = 1;
		String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getEncoder().encodeToString(identity)
				+ "\n-----END PUBLIC KEY-----\n";

		HttpResponse<String> refused = ivan.api()
			.post("/api/v1/me/keys", "application/json", "{\"publicKey\":" + ApprovalFixture.quote(pem) + "}");

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(code(refused)).isEqualTo("ERR_VALIDATION");
		assertThat(refused.body()).contains("small-order");
		assertThat(ApiClient.json(ivan.api().get("/api/v1/me/keys")).get("items"))
			.extracting((key) -> key.get("id").asString())
			.containsExactly(ivan.keyId());
	}

	@Test
	void aPolicyChangeUnderTheBuiltInPolicyAlsoRecordsThePolicyChangeEvents() {
		Person root = this.fixture.person("root", "admin");
		HttpResponse<String> opened = this.fixture.admin()
			.post("/api/v1/approvals", "application/json",
					"{\"actionType\":\"policy.change\",\"parameters\":{\"actionType\":\"secret.rotate\","
							+ "\"quorum\":\"2 of approver\"},\"diff\":\"+ secret.rotate: 2 of approver\","
							+ "\"justification\":\"Secret rotation needs two approvers from now on\"}");
		assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
		JsonNode request = ApiClient.json(opened);
		String id = request.get("id").asString();
		assertThat(request.get("policy").get("version").asInt()).isEqualTo(1);
		assertThat(request.get("policyDocument").get("quorum").asString()).isEqualTo("1 of admin");

		HttpResponse<String> approved = this.fixture.decide(root, id, Verdict.APPROVE, "Two approvers is right");
		assertThat(ApiClient.json(approved).get("state").asString()).isEqualTo("APPROVED");
		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED", "POLICY_CHANGE_PROPOSED",
				"ACTION_APPROVED", "POLICY_CHANGE_APPROVED");
	}

	@Test
	void onlyPeopleHoldingARoleThePolicyCountsDecide() {
		String type = policy("1 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person outsider = this.fixture.person("olga", "operator", "auditor");
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();

		String robot = PostgresTestDatabase.randomName("robot_");
		HttpResponse<String> created = this.fixture.admin()
			.post("/api/v1/users", "application/json",
					"{\"username\":\"" + robot + "\",\"kind\":\"service\",\"roles\":[\"approver\"]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		ApiClient robotApi = this.fixture.admin().withToken(this.fixture.token(robot));
		java.security.KeyPair keys = ApprovalFixture.newKeyPair();
		HttpResponse<String> key = robotApi.post("/api/v1/me/keys", "application/json", "{\"publicKey\":"
				+ ApprovalFixture.quote(ApproverKey.fromSpki(keys.getPublic().getEncoded()).pem()) + "}");
		Person service = new Person(robot, robotApi, keys, ApiClient.json(key).get("id").asString());

		HttpResponse<String> byService = this.fixture.decide(service, id, Verdict.APPROVE, "Automated approval");
		assertThat(byService.statusCode()).isEqualTo(403);
		assertThat(code(byService)).isEqualTo("ERR_FORBIDDEN");
		HttpResponse<String> byOutsider = outsider.api()
			.post("/api/v1/approvals/" + id + "/decisions", "application/json", "{}");
		assertThat(byOutsider.statusCode()).as("operators and auditors lack approvals:decide").isEqualTo(403);
		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED");
	}

	@Test
	void theEventsCarryThePolicyDocumentOfTheContract() {
		String type = policy("2 of approver and 1 of security", "security");
		Person ivan = this.fixture.person("ivan", "operator");
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		JsonNode policy = this.fixture.events(id).get(0).get("details").get("policy");
		assertThat(policy.propertyNames()).containsExactlyInAnyOrder("actionType", "version", "description",
				"initiators", "quorum", "veto", "elevated", "elevation", "expiresIn", "minJustification", "execution");
		assertThat(policy.get("quorum").asString()).isEqualTo("2 of approver and 1 of security");
		assertThat(policy.get("veto").get(0).asString()).isEqualTo("security");
		assertThat(policy.get("elevation").isNull()).isTrue();
		assertThat(policy.get("expiresIn").asString()).isEqualTo("PT24H");
		assertThat(policy.get("execution").asString()).isEqualTo("initiator");
	}

	private static HttpResponse<String> claim(Person person, String id) {
		return person.api().post("/api/v1/approvals/" + id + "/execution", "application/json", "");
	}

	@Test
	void theCreatedAnswerOfAnOpenIsWhatReadingTheRequestBackShows() {
		// the 201 is built from what was written, not read back: it must not differ
		String type = policy("2 of approver and 1 of security", "security");
		Person ivan = this.fixture.person("ivan", "operator");
		HttpResponse<String> created = ivan.api()
			.post("/api/v1/approvals", "application/json", "{\"actionType\":\"" + type + "\",\"parameters\":"
					+ "{\"secret\":\"db-primary\",\"graceSeconds\":300,\"ratio\":0.25,\"nested\":{\"b\":[1,\"two\",null],"
					+ "\"a\":false}},\"diff\":\"- old\\n+ new\",\"justification\":\"Quarterly rotation, agreed: "
					+ "ticket OPS-4711 \\u00e9\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode answered = ApiClient.json(created);
		JsonNode read = this.fixture.read(answered.get("id").asString());
		assertThat(answered).isEqualTo(read);
		HttpResponse<String> readByInitiator = ivan.api().get("/api/v1/approvals/" + answered.get("id").asString());
		assertThat(ApiClient.json(readByInitiator)).isEqualTo(answered);
	}

	private String policy(String quorum, String... veto) {
		String type = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, type, quorum, veto);
		return type;
	}

	private static void assertRefused(HttpResponse<String> response, String code) {
		assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
		assertThat(code(response)).as(response.body()).isEqualTo(code);
	}

}
