package io.countersign.server.approval;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.OfflineVerification.Outcome;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static io.countersign.server.approval.ApprovalFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/approvals/{id}/evidence} on PostgreSQL: the package of a request
 * taken through the whole workflow is checked by the ledger jar in a JVM of its own,
 * exactly as a user would run it, and every edit a forger could make to it is named.
 */
class ApprovalEvidenceTest extends PostgresApplicationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PARAMETERS = "{\"secret\":\"db-primary\",\"graceSeconds\":300}";

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	@TempDir
	Path dir;

	ApprovalFixture fixture;

	@BeforeEach
	void fixture() {
		this.fixture = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
	}

	@Test
	void anExecutedRequestsEvidenceVerifiesOfflineAndEveryEditToItIsNamed() throws Exception {
		String type = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, type, "2 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		Person bob = this.fixture.person("bob", "approver");
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		assertThat(this.fixture.decide(alice, id, Verdict.APPROVE, "Rotation window agreed").statusCode())
			.isEqualTo(201);
		assertThat(this.fixture.decide(bob, id, Verdict.APPROVE, "Backups verified").statusCode()).isEqualTo(201);
		HttpResponse<String> claimed = ivan.api()
			.post("/api/v1/approvals/" + id + "/execution", "application/json", "");
		assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
		HttpResponse<String> reported = ivan.api()
			.send("PUT", "/api/v1/approvals/" + id + "/execution",
					"{\"outcome\":\"succeeded\",\"result\":{\"rotated\":true,\"version\":8}}");
		assertThat(reported.statusCode()).as(reported.body()).isEqualTo(200);

		// anyone who may append events can log one "about" the request: it is no evidence
		HttpResponse<String> note = this.fixture.admin()
			.post("/api/v1/events", "application/json", "{\"type\":\"app.note\",\"actor\":{\"id\":\"" + ivan.name()
					+ "\",\"type\":\"user\"}," + "\"resource\":{\"type\":\"approval_request\",\"id\":\"" + id + "\"}}");
		assertThat(note.statusCode()).as(note.body()).isEqualTo(201);
		assertThat(this.fixture.eventTypes(id)).hasSize(6).endsWith("app.note");

		HttpResponse<byte[]> download = ivan.api().getBytes("/api/v1/approvals/" + id + "/evidence");

		assertThat(download.statusCode()).as(new String(download.body(), StandardCharsets.UTF_8)).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Type")).hasValue("application/zip");
		assertThat(download.headers().firstValue("Content-Disposition"))
			.hasValue("attachment; filename=\"approval-evidence-" + id + ".zip\"");
		Path evidence = Files.write(this.dir.resolve("evidence.zip"), download.body());
		Outcome intact = OfflineVerification.verify(evidence, verifierKey());
		assertThat(intact.exit()).as(intact.line()).isZero();
		assertThat(intact.line()).startsWith("INTACT: approval request " + id + " (" + type
				+ "), state EXECUTED: 1 revision(s), 2 signed decision(s), 5 events proven under checkpoint");
		assertThat(intact.line()).endsWith("signed by the pinned key");

		EvidenceZip zip = EvidenceZip.of(download.body());
		List<String> lines = zip.file("events.jsonl").lines().toList();
		assertThat(lines).hasSize(5);
		JsonNode decisions = json(zip.file("decisions.json"));
		assertThat(decisions).hasSize(2);
		assertThat(decisions.get(0).get("approver").asString()).isEqualTo(alice.name());

		// a byte of a logged leaf: alice's decision now says something she did not sign
		Outcome leafEdited = OfflineVerification.verify(zip.edited("events.jsonl",
				(text) -> editLeaf(text, 1, "Rotation window agreed", "Rotation window agreeD"),
				this.dir.resolve("leaf.zip")), verifierKey());
		assertThat(leafEdited.exit()).as(leafEdited.line()).isEqualTo(1);
		assertThat(leafEdited.line()).startsWith("TAMPERED: INCLUSION_PROOF: event at index " + index(lines.get(1))
				+ " is not included in the signed checkpoint");

		Outcome decisionsEdited = OfflineVerification.verify(zip.edited("decisions.json",
				(text) -> text.replace("Backups verified", "Backups skipped"), this.dir.resolve("decisions.zip")),
				verifierKey());
		assertThat(decisionsEdited.exit()).as(decisionsEdited.line()).isEqualTo(1);
		assertThat(decisionsEdited.line()).startsWith("TAMPERED: CONVENIENCE_FILE: decisions.json differs")
			.contains("Backups skipped");

		// the execution claim left out: the success no longer follows from anything
		Outcome eventDropped = OfflineVerification.verify(zip.edited("events.jsonl",
				(text) -> lines.stream().filter((line) -> !line.equals(lines.get(3))).collect(joined()),
				this.dir.resolve("dropped.zip")), verifierKey());
		assertThat(eventDropped.exit()).as(eventDropped.line()).isEqualTo(1);
		assertThat(eventDropped.line()).isEqualTo("TAMPERED: STATE_TRANSITION: event at index " + index(lines.get(4))
				+ " (ACTION_EXECUTION_SUCCEEDED) moves the request from APPROVED to EXECUTED, which is not a "
				+ "transition (no ACTION_EXECUTION_STARTED before it)");
	}

	@Test
	void theEvidenceOfAnAmendedRequestCountsOnlyItsLastRevision() throws Exception {
		String type = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, type, "2 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		Person bob = this.fixture.person("bob", "approver");
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		assertThat(this.fixture.decide(alice, id, Verdict.APPROVE, "Looks right").statusCode()).isEqualTo(201);
		HttpResponse<String> amended = ivan.api()
			.send("PUT", "/api/v1/approvals/" + id, "{\"parameters\":{\"secret\":\"db-primary\",\"graceSeconds\":600},"
					+ "\"justification\":\"Quarterly rotation, longer grace period\"}");
		assertThat(amended.statusCode()).as(amended.body()).isEqualTo(200);
		assertThat(this.fixture.decide(bob, id, Verdict.APPROVE, "Looks right").statusCode()).isEqualTo(201);
		assertThat(this.fixture.read(id).get("state").asString()).isEqualTo("UNDER_REVIEW");
		assertThat(this.fixture.decide(alice, id, Verdict.APPROVE, "Still right").statusCode()).isEqualTo(201);

		Outcome outcome = OfflineVerification.verify(download(bob, id), verifierKey());

		assertThat(outcome.exit()).as(outcome.line()).isZero();
		assertThat(outcome.line()).startsWith("INTACT: approval request " + id + " (" + type
				+ "), state APPROVED: 2 revision(s), 3 signed decision(s), 5 events");
	}

	@Test
	void theEvidenceOfVetoedAndUnreachableRejectionsVerifies() throws Exception {
		this.fixture.role("security", "approvals:decide", "approvals:read");
		String vetoed = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, vetoed, "2 of approver", "security");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		Person carol = this.fixture.person("carol", "security");
		String first = this.fixture.open(ivan, vetoed, PARAMETERS).get("id").asString();
		assertThat(this.fixture.decide(alice, first, Verdict.APPROVE, "Looks right").statusCode()).isEqualTo(201);
		HttpResponse<String> veto = this.fixture.decide(carol, first, Verdict.REJECT, "Not during the freeze");
		assertThat(ApiClient.json(veto).get("state").asString()).isEqualTo("REJECTED");

		// two people hold the role the quorum counts; one rejects, so two approvals can
		// no longer be found (decision 018)
		String rare = PostgresTestDatabase.randomName("rare_");
		this.fixture.role(rare, "approvals:decide", "approvals:read");
		Person dave = this.fixture.person("dave", rare);
		Person erin = this.fixture.person("erin", rare);
		String unreachable = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, unreachable, "2 of " + rare);
		String second = this.fixture.open(ivan, unreachable, PARAMETERS).get("id").asString();
		HttpResponse<String> rejection = this.fixture.decide(dave, second, Verdict.REJECT, "Wrong secret");
		assertThat(ApiClient.json(rejection).get("state").asString()).isEqualTo("REJECTED");
		assertThat(this.fixture.events(second).get(1).get("details").get("rejectedBecause").asString())
			.isEqualTo("quorum unreachable");

		Outcome vetoOutcome = OfflineVerification.verify(download(ivan, first), verifierKey());
		Outcome unreachableOutcome = OfflineVerification.verify(download(erin, second), verifierKey());

		assertThat(vetoOutcome.exit()).as(vetoOutcome.line()).isZero();
		assertThat(vetoOutcome.line()).contains("state REJECTED: 1 revision(s), 2 signed decision(s), 3 events");
		assertThat(unreachableOutcome.exit()).as(unreachableOutcome.line()).isZero();
		assertThat(unreachableOutcome.line()).contains("state REJECTED: 1 revision(s), 1 signed decision(s), 2 events");
	}

	@Test
	void aRolledBackRequestAndItsRollbackEachHaveEvidenceThatVerifies() throws Exception {
		String type = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, type, "1 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "approver");
		String original = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		executed(ivan, alice, original);
		HttpResponse<String> opened = ivan.api()
			.post("/api/v1/approvals/" + original + "/rollback", "application/json",
					"{\"justification\":\"Undo the rotation, the replica lags\"}");
		assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
		String rollback = ApiClient.json(opened).get("id").asString();
		executed(ivan, alice, rollback);
		assertThat(this.fixture.read(original).get("state").asString()).isEqualTo("ROLLED_BACK");

		Outcome originalOutcome = OfflineVerification.verify(download(alice, original), verifierKey());
		Path rollbackEvidence = download(alice, rollback);
		Outcome rollbackOutcome = OfflineVerification.verify(rollbackEvidence, verifierKey());

		assertThat(originalOutcome.exit()).as(originalOutcome.line()).isZero();
		assertThat(originalOutcome.line()).contains("state ROLLED_BACK: 1 revision(s), 1 signed decision(s), 5 events");
		assertThat(rollbackOutcome.exit()).as(rollbackOutcome.line()).isZero();
		assertThat(rollbackOutcome.line()).contains("state EXECUTED: 1 revision(s), 1 signed decision(s), 4 events");
		JsonNode request = json(EvidenceZip.of(Files.readAllBytes(rollbackEvidence)).file("request.json"));
		assertThat(request.get("rollbackOf").asString()).isEqualTo(original);
	}

	private void executed(Person initiator, Person approver, String id) {
		HttpResponse<String> approved = this.fixture.decide(approver, id, Verdict.APPROVE, "Go ahead");
		assertThat(ApiClient.json(approved).get("state").asString()).isEqualTo("APPROVED");
		assertThat(initiator.api().post("/api/v1/approvals/" + id + "/execution", "application/json", "").statusCode())
			.isEqualTo(201);
		HttpResponse<String> reported = initiator.api()
			.send("PUT", "/api/v1/approvals/" + id + "/execution", "{\"outcome\":\"succeeded\",\"result\":1}");
		assertThat(reported.statusCode()).as(reported.body()).isEqualTo(200);
	}

	@Test
	void onlyThoseWhoMayReadTheRequestGetItsEvidence() throws Exception {
		String type = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, type, "1 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person auditor = this.fixture.person("audra", "auditor");
		Person agent = this.fixture.person("agent", "agent");
		Person viewer = this.fixture.person("vic", "viewer");
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		String path = "/api/v1/approvals/" + id + "/evidence";

		// a request under review has evidence too: what was logged so far
		Outcome underReview = OfflineVerification.verify(download(auditor, id), verifierKey());
		assertThat(underReview.exit()).as(underReview.line()).isZero();
		assertThat(underReview.line()).contains("state UNDER_REVIEW: 1 revision(s), 0 signed decision(s), 1 events");
		// approvals:read in scope "own": as if the request of someone else did not exist
		HttpResponse<String> notTheirs = agent.api().get(path);
		assertThat(notTheirs.statusCode()).as(notTheirs.body()).isEqualTo(404);
		assertThat(code(notTheirs)).isEqualTo("ERR_PROPOSAL_NOT_FOUND");
		HttpResponse<String> noPermission = viewer.api().get(path);
		assertThat(noPermission.statusCode()).as(noPermission.body()).isEqualTo(403);
		HttpResponse<String> unknown = auditor.api()
			.get("/api/v1/approvals/" + "0193a000-0000-7000-8000-000000000000" + "/evidence");
		assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
		assertThat(code(unknown)).isEqualTo("ERR_PROPOSAL_NOT_FOUND");
		assertThat(unknown.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/problem+json"));
	}

	private Path download(Person person, String id) throws Exception {
		HttpResponse<byte[]> download = person.api().getBytes("/api/v1/approvals/" + id + "/evidence");
		assertThat(download.statusCode()).as(new String(download.body(), StandardCharsets.UTF_8)).isEqualTo(200);
		return Files.write(this.dir.resolve(id + ".zip"), download.body());
	}

	private String verifierKey() {
		HttpResponse<String> key = this.fixture.admin().get("/api/v1/ledger/key");
		assertThat(key.statusCode()).as(key.body()).isEqualTo(200);
		return key.body().strip();
	}

	/** events.jsonl with one text in the leaf of line {@code line} replaced. */
	private static String editLeaf(String jsonl, int line, String from, String to) {
		List<String> lines = jsonl.lines().toList();
		JsonNode entry = json(lines.get(line));
		String leaf = new String(Base64.getDecoder().decode(entry.get("leaf").asString()), StandardCharsets.UTF_8);
		assertThat(leaf).contains(from);
		String edited = Base64.getEncoder().encodeToString(leaf.replace(from, to).getBytes(StandardCharsets.UTF_8));
		String replaced = lines.get(line).replace(entry.get("leaf").asString(), edited);
		return lines.stream().map((each) -> each.equals(lines.get(line)) ? replaced : each).collect(joined());
	}

	private static long index(String line) {
		return json(line).get("index").asLong();
	}

	private static java.util.stream.Collector<CharSequence, ?, String> joined() {
		return Collectors.collectingAndThen(Collectors.joining("\n"), (text) -> text + "\n");
	}

	private static JsonNode json(String text) {
		return JSON.readTree(text);
	}

}
