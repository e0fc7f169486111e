package io.countersign.server.approval;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.approval.ApprovalRequestId;
import io.countersign.ledger.approval.ApproverKey;
import io.countersign.ledger.approval.DecisionSignature;
import io.countersign.ledger.approval.PersonId;
import io.countersign.ledger.approval.RequestDigest;
import io.countersign.ledger.approval.SigningMessage;
import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.OfflineVerification.Outcome;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.MutableClock;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

import static io.countersign.server.approval.ApprovalFixture.code;
import static io.countersign.server.approval.ApprovalFixture.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delegation on PostgreSQL over HTTP: a delegate's decision counts as the delegator's and
 * records both; it is refused once the window ended or was revoked, to the initiator (as
 * delegate or delegator), onward (no chains) and to oneself; one human never counts
 * twice.
 */
@Import(MutableClock.Configuration.class)
class DelegationTest extends PostgresApplicationTest {

	private static final String PARAMETERS = "{\"secret\":\"db-primary\",\"graceSeconds\":300}";

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	MutableClock clock;

	@TempDir
	Path dir;

	ApprovalFixture fixture;

	@BeforeEach
	void fixture() {
		this.fixture = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
		this.fixture.role("security", "approvals:decide", "approvals:read");
	}

	@Test
	void aDelegatesDecisionCountsAsTheDelegatorAndRecordsBothPeople() throws Exception {
		String type = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, type, "1 of security");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "security");
		Person bob = this.fixture.person("bob", "approver");
		String delegation = delegate(alice, bob, Optional.of(type), Duration.ofDays(7));
		assertThat(this.fixture.eventTypes(delegation)).containsExactly("DELEGATION_GRANTED");
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		// it waits for bob only as alice's delegate: his own role is not in the quorum
		assertThat(waitingFor(bob)).contains(id);
		assertThat(waitingFor(alice)).contains(id);

		// bob's own approval would not count (approver is not in the quorum), so nobody
		// but a delegate of alice's could approve for security
		HttpResponse<String> own = this.fixture.decide(bob, id, Verdict.APPROVE, "Fine");
		assertThat(code(own)).isEqualTo("ERR_FORBIDDEN");
		// a signature over the message without the on-behalf-of line does not count for
		// alice
		JsonNode request = this.fixture.read(id);
		SigningMessage direct = new SigningMessage(ApprovalRequestId.of(id), 1, Verdict.APPROVE, "Covering for alice",
				RequestDigest.fromHex(request.get("digest").asString()));
		HttpResponse<String> unbound = send(bob, id, "Covering for alice", bob.sign(direct), alice.name());
		assertThat(code(unbound)).isEqualTo("ERR_INVALID_SIGNATURE");

		HttpResponse<String> decided = decideFor(bob, alice, id, "Covering for alice");
		assertThat(decided.statusCode()).as(decided.body()).isEqualTo(201);
		assertThat(ApiClient.json(decided).get("state").asString()).isEqualTo("APPROVED");
		assertThat(waitingFor(bob)).doesNotContain(id);
		JsonNode recorded = this.fixture.read(id).get("decisions").get(0);
		assertThat(recorded.get("approver").asString()).isEqualTo(bob.name());
		assertThat(recorded.get("onBehalfOf").asString()).isEqualTo(alice.name());
		assertThat(recorded.get("delegation").asString()).isEqualTo(delegation);
		assertThat(recorded.get("roles").toString()).contains("security");
		assertThat(this.fixture.read(id).get("quorum").get("approvedBy").get(0).asString()).isEqualTo(alice.name());

		JsonNode event = this.fixture.events(id).get(1);
		assertThat(event.get("type").asString()).isEqualTo("ACTION_APPROVED");
		assertThat(event.get("actor").get("id").asString()).isEqualTo(bob.name());
		JsonNode details = event.get("details");
		assertThat(details.get("approver").asString()).isEqualTo(bob.name());
		assertThat(details.get("onBehalfOf").asString()).isEqualTo(alice.name());
		assertThat(details.get("delegation").asString()).isEqualTo(delegation);
		SigningMessage signed = new SigningMessage(ApprovalRequestId.of(id), 1, Verdict.APPROVE,
				details.get("reason").asString(), RequestDigest.fromHex(details.get("digest").asString()),
				Optional.of(PersonId.of(alice.name())));
		assertThat(signed.text()).contains("\non-behalf-of: " + alice.name() + "\n");
		ApproverKey key = ApproverKey.fromSpki(Base64.getDecoder().decode(details.get("publicKey").asString()));
		assertThat(key.verifies(signed, DecisionSignature.fromBase64(details.get("signature").asString()))).isTrue();

		JsonNode bobs = ApiClient.json(bob.api().get("/api/v1/me/delegations"));
		assertThat(bobs.get("received").get(0).get("id").asString()).isEqualTo(delegation);
		assertThat(bobs.get("received").get(0).get("status").asString()).isEqualTo("active");
		assertThat(ApiClient.json(alice.api().get("/api/v1/me/delegations"))
			.get("given")
			.get(0)
			.get("delegate")
			.asString()).isEqualTo(bob.name());

		Outcome outcome = OfflineVerification.verify(download(ivan, id), verifierKey());
		assertThat(outcome.exit()).as(outcome.line()).isZero();
		assertThat(outcome.line()).startsWith("INTACT: approval request " + id);
	}

	@Test
	void oneHumanNeverCountsTwiceAsThemselvesAndAsADelegate() {
		String type = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, type, "2 of security");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "security");
		Person bob = this.fixture.person("bob", "security");
		delegate(alice, bob, Optional.empty(), Duration.ofDays(1));

		String first = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		assertThat(this.fixture.decide(bob, first, Verdict.APPROVE, "As myself").statusCode()).isEqualTo(201);
		HttpResponse<String> again = decideFor(bob, alice, first, "And for alice");
		assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
		assertThat(code(again)).isEqualTo("ERR_DUPLICATE_DECISION");

		assertThat(waitingFor(bob)).doesNotContain(first);
		assertThat(waitingFor(alice)).contains(first);

		String second = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		assertThat(decideFor(bob, alice, second, "For alice").statusCode()).isEqualTo(201);
		// bob has taken part (for alice) and alice counts already: it waits for neither
		assertThat(waitingFor(bob)).doesNotContain(second);
		assertThat(waitingFor(alice)).doesNotContain(second);
		assertThat(code(this.fixture.decide(alice, second, Verdict.APPROVE, "Me too")))
			.isEqualTo("ERR_DUPLICATE_DECISION");
		assertThat(code(this.fixture.decide(bob, second, Verdict.APPROVE, "And me")))
			.isEqualTo("ERR_DUPLICATE_DECISION");
		assertThat(this.fixture.read(second).get("state").asString()).isEqualTo("UNDER_REVIEW");
		assertThat(this.fixture.eventTypes(second)).containsExactly("ACTION_QUEUED", "ACTION_APPROVED");
	}

	@Test
	void anExpiredOrRevokedDelegationIsRefused() {
		String type = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, type, "1 of security", Duration.ofDays(2));
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "security");
		Person bob = this.fixture.person("bob", "approver");
		delegate(alice, bob, Optional.of(type), Duration.ofHours(1));
		this.clock.advance(Duration.ofHours(2));
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();

		HttpResponse<String> expired = decideFor(bob, alice, id, "Covering for alice");
		assertThat(expired.statusCode()).as(expired.body()).isEqualTo(403);
		assertThat(code(expired)).isEqualTo("ERR_DELEGATION_EXPIRED");

		String renewed = delegate(alice, bob, Optional.of(type), Duration.ofHours(8));
		HttpResponse<String> revoked = alice.api().send("DELETE", "/api/v1/me/delegations/" + renewed);
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
		assertThat(ApiClient.json(revoked).get("status").asString()).isEqualTo("revoked");
		assertThat(this.fixture.eventTypes(renewed)).containsExactly("DELEGATION_GRANTED", "DELEGATION_REVOKED");
		assertThat(code(decideFor(bob, alice, id, "Covering for alice"))).isEqualTo("ERR_DELEGATION_EXPIRED");
		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED");
	}

	@Test
	void neitherTheInitiatorNorTheirDelegateDecides() {
		String type = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, type, "1 of security");
		Person ivan = this.fixture.person("ivan", "operator", "approver");
		Person alice = this.fixture.person("alice", "security", "operator");
		Person bob = this.fixture.person("bob", "approver");
		delegate(alice, ivan, Optional.of(type), Duration.ofDays(1));
		delegate(alice, bob, Optional.of(type), Duration.ofDays(1));

		// the delegate initiated: ivan cannot approve his own request with alice's right
		String ivans = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		HttpResponse<String> byInitiator = decideFor(ivan, alice, ivans, "Covering for alice");
		assertThat(byInitiator.statusCode()).as(byInitiator.body()).isEqualTo(403);
		assertThat(code(byInitiator)).isEqualTo("ERR_DELEGATION_TO_INITIATOR");

		// the delegator initiated: alice's delegate cannot approve alice's own request
		String alices = this.fixture.open(alice, type, PARAMETERS).get("id").asString();
		HttpResponse<String> forInitiator = decideFor(bob, alice, alices, "Covering for alice");
		assertThat(code(forInitiator)).isEqualTo("ERR_DELEGATION_TO_INITIATOR");
		assertThat(this.fixture.eventTypes(ivans)).containsExactly("ACTION_QUEUED");
		assertThat(this.fixture.eventTypes(alices)).containsExactly("ACTION_QUEUED");
	}

	@Test
	void aRightHeldByDelegationIsNotPassedOnAndNobodyDelegatesToThemselves() {
		String type = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, type, "1 of security");
		ApprovalFixture.policy(this.book, this.transaction, ApprovalFixture.actionType("report"), "1 of approver");
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", "security");
		Person bob = this.fixture.person("bob", "approver");
		Person carol = this.fixture.person("carol", "approver");
		delegate(alice, bob, Optional.of(type), Duration.ofDays(1));

		// bob decides on the type only through alice: he cannot lend that on
		HttpResponse<String> onward = grant(bob, carol.name(), Optional.of(type), Duration.ofDays(1));
		assertThat(onward.statusCode()).as(onward.body()).isEqualTo(403);
		assertThat(code(onward)).isEqualTo("ERR_DELEGATION_CHAIN");
		// his own right (approver) he may lend, but carol never decides for alice through
		// it
		delegate(bob, carol, Optional.empty(), Duration.ofDays(1));
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();
		HttpResponse<String> chained = decideFor(carol, alice, id, "Covering for alice via bob");
		assertThat(chained.statusCode()).as(chained.body()).isEqualTo(403);
		assertThat(code(chained)).isEqualTo("ERR_DELEGATION_CHAIN");
		HttpResponse<String> forBob = decideFor(carol, bob, id, "Covering for bob");
		assertThat(code(forBob)).as("bob's own roles do not count here").isEqualTo("ERR_FORBIDDEN");

		HttpResponse<String> self = grant(alice, alice.name(), Optional.empty(), Duration.ofDays(1));
		assertThat(self.statusCode()).as(self.body()).isEqualTo(400);
		assertThat(code(self)).isEqualTo("ERR_DELEGATION_TO_SELF");
		HttpResponse<String> tooLong = grant(alice, bob.name(), Optional.empty(), Duration.ofDays(31));
		assertThat(code(tooLong)).isEqualTo("ERR_DELEGATION_WINDOW");
		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED");
	}

	private String delegate(Person delegator, Person delegate, Optional<String> type, Duration window) {
		HttpResponse<String> created = grant(delegator, delegate.name(), type, window);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return ApiClient.json(created).get("id").asString();
	}

	private HttpResponse<String> grant(Person delegator, String delegate, Optional<String> type, Duration window) {
		Instant until = this.clock.instant().plus(window);
		return delegator.api()
			.post("/api/v1/me/delegations", "application/json",
					"{\"delegate\":" + quote(delegate) + ",\"until\":\"" + until + "\""
							+ type.map((name) -> ",\"actionTypes\":[" + quote(name) + "]").orElse("")
							+ ",\"reason\":\"On leave this week\"}");
	}

	private HttpResponse<String> decideFor(Person delegate, Person delegator, String id, String reason) {
		JsonNode request = this.fixture.read(id);
		SigningMessage message = new SigningMessage(ApprovalRequestId.of(id), request.get("revision").asInt(),
				Verdict.APPROVE, reason, RequestDigest.fromHex(request.get("digest").asString()),
				Optional.of(PersonId.of(delegator.name())));
		return send(delegate, id, reason, delegate.sign(message), delegator.name());
	}

	private static HttpResponse<String> send(Person delegate, String id, String reason, String signature,
			String onBehalfOf) {
		return delegate.api()
			.post("/api/v1/approvals/" + id + "/decisions", "application/json",
					"{\"decision\":\"approve\",\"reason\":" + quote(reason) + ",\"keyId\":" + quote(delegate.keyId())
							+ ",\"signature\":" + quote(signature) + ",\"onBehalfOf\":" + quote(onBehalfOf) + "}");
	}

	private Path download(Person person, String id) throws Exception {
		HttpResponse<byte[]> download = person.api().getBytes("/api/v1/approvals/" + id + "/evidence");
		assertThat(download.statusCode()).isEqualTo(200);
		return Files.write(this.dir.resolve(id + ".zip"), download.body());
	}

	private String verifierKey() {
		return this.fixture.admin().get("/api/v1/ledger/key").body().strip();
	}

	/** The ids {@code GET /api/v1/approvals?waitingFor=me} lists for {@code person}. */
	private static List<String> waitingFor(Person person) {
		HttpResponse<String> page = person.api().get("/api/v1/approvals?waitingFor=me");
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		ApiClient.json(page).get("items").forEach((item) -> ids.add(item.get("id").asString()));
		return ids;
	}

}
