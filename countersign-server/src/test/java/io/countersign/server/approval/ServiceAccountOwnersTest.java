package io.countersign.server.approval;

import java.net.http.HttpResponse;
import java.util.List;

import io.countersign.ledger.approval.Verdict;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static io.countersign.server.approval.ApprovalFixture.code;
import static io.countersign.server.approval.ApprovalFixture.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on four-eyes through a service account, on PostgreSQL: a person who owns a
 * service account must not approve what it asks for (docs/decisions/020).
 */
class ServiceAccountOwnersTest extends PostgresApplicationTest {

	private static final String PARAMETERS = "{\"service\":\"billing\",\"version\":\"4.2.0\"}";

	@Autowired
	PolicyBook book;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	JdbcClient jdbc;

	ApprovalFixture fixture;

	@BeforeEach
	void fixture() {
		this.fixture = new ApprovalFixture(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
		// enough to create a service account, grant it operator and issue its token
		this.fixture.role("bot-keeper", "users:read", "users:manage", "tokens:manage", "roles:read", "roles:manage");
	}

	@Test
	void theOwnerOfTheInitiatingServiceAccountCannotApproveItsRequest() {
		String type = policy("1 of approver");
		Person alice = this.fixture.person("alice", "operator", "approver", "bot-keeper");
		Person bob = this.fixture.person("bob", "approver");
		String bot = PostgresTestDatabase.randomName("deploy_bot_");
		// alice creates the bot herself, owner left to default, and takes its token
		HttpResponse<String> created = alice.api()
			.post("/api/v1/users", "application/json",
					"{\"username\":\"" + bot + "\",\"kind\":\"service\",\"roles\":[\"operator\"]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(ApiClient.json(created).get("owner").asString()).isEqualTo(alice.name());
		ApiClient botApi = alice.api().withToken(issueToken(alice.api(), bot));

		HttpResponse<String> opened = botApi.post("/api/v1/approvals", "application/json", requestBody(type));
		assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
		String id = ApiClient.json(opened).get("id").asString();
		JsonNode request = this.fixture.read(id);
		assertThat(request.get("initiator").asString()).isEqualTo(bot);
		assertThat(request.get("initiatorPerson").asString()).isEqualTo(alice.name());

		// bob's pending list shows it, alice's does not: it is hers
		assertThat(waitingFor(bob)).contains(id);
		assertThat(waitingFor(alice)).doesNotContain(id);

		HttpResponse<String> self = this.fixture.decide(alice, id, Verdict.APPROVE, "Ship it, I wrote the bot");
		assertThat(self.statusCode()).as(self.body()).isEqualTo(403);
		assertThat(code(self)).isEqualTo("ERR_SOLE_APPROVER");
		HttpResponse<String> selfReject = this.fixture.decide(alice, id, Verdict.REJECT, "Not counting mine");
		assertThat(code(selfReject)).isEqualTo("ERR_SOLE_APPROVER");
		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED");
		assertThat(this.fixture.events(id).get(0).get("details").get("initiatorPerson").asString())
			.isEqualTo(alice.name());
		assertThat(this.fixture.read(id).get("state").asString()).isEqualTo("UNDER_REVIEW");

		HttpResponse<String> approved = this.fixture.decide(bob, id, Verdict.APPROVE, "Checked the release notes");
		assertThat(approved.statusCode()).as(approved.body()).isEqualTo(201);
		assertThat(ApiClient.json(approved).get("state").asString()).isEqualTo("APPROVED");
		assertThat(this.fixture.eventTypes(id)).containsExactly("ACTION_QUEUED", "ACTION_APPROVED");
	}

	@Test
	void handingTheServiceAccountToTheApproverAfterTheRequestOpenedDoesNotLetThemApprove() {
		String type = policy("1 of approver");
		Person alice = this.fixture.person("alice", "approver");
		Person carol = this.fixture.person("carol", "approver");
		String bot = serviceAccount(carol.name());
		ApiClient botApi = this.fixture.admin().withToken(this.fixture.token(bot));
		String id = ApiClient.json(botApi.post("/api/v1/approvals", "application/json", requestBody(type)))
			.get("id")
			.asString();
		// the request is carol's; now the bot becomes alice's, and then carol's again
		assertThat(changeOwner(bot, alice.name()).statusCode()).isEqualTo(200);

		HttpResponse<String> byNewOwner = this.fixture.decide(alice, id, Verdict.APPROVE, "It is mine now anyway");
		assertThat(byNewOwner.statusCode()).as(byNewOwner.body()).isEqualTo(201);
		assertThat(this.fixture.read(id).get("initiatorPerson").asString()).isEqualTo(carol.name());

		// the other way round: carol hands the bot to alice, then tries her own open
		// request
		String second = ApiClient.json(botApi.post("/api/v1/approvals", "application/json", requestBody(type)))
			.get("id")
			.asString();
		assertThat(this.fixture.read(second).get("initiatorPerson").asString()).isEqualTo(alice.name());
		assertThat(changeOwner(bot, carol.name()).statusCode()).isEqualTo(200);
		HttpResponse<String> byOldOwner = this.fixture.decide(alice, second, Verdict.APPROVE, "No longer my bot");
		assertThat(byOldOwner.statusCode()).as(byOldOwner.body()).isEqualTo(403);
		assertThat(code(byOldOwner)).isEqualTo("ERR_SOLE_APPROVER");
		assertThat(this.fixture.eventTypes(second)).containsExactly("ACTION_QUEUED");
	}

	@Test
	void aServiceAccountWithoutAnOwnerCannotOpenARequestUntilOneIsSet() {
		String type = policy("1 of approver");
		Person alice = this.fixture.person("alice", "approver");
		String bot = serviceAccount(alice.name());
		// as a service account created before owners existed
		this.jdbc.sql("UPDATE account SET owner = NULL WHERE username = ?").param(bot).update();
		ApiClient botApi = this.fixture.admin().withToken(this.fixture.token(bot));
		long before = requestsBy(bot);

		HttpResponse<String> refused = botApi.post("/api/v1/approvals", "application/json", requestBody(type));
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
		assertThat(code(refused)).isEqualTo("ERR_SERVICE_ACCOUNT_WITHOUT_OWNER");
		assertThat(requestsBy(bot)).isEqualTo(before);

		assertThat(changeOwner(bot, alice.name()).statusCode()).isEqualTo(200);
		HttpResponse<String> opened = botApi.post("/api/v1/approvals", "application/json", requestBody(type));
		assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
		String id = ApiClient.json(opened).get("id").asString();
		assertThat(code(this.fixture.decide(alice, id, Verdict.APPROVE, "Owner approving")))
			.isEqualTo("ERR_SOLE_APPROVER");
	}

	@Test
	void aServiceAccountHoldingADecidingRoleDoesNotMakeAQuorumReachable() {
		// two of a role held by one person and one bot: once that person rejects, nobody
		// who can decide is left (the bot never decides), so the request is rejected
		String role = PostgresTestDatabase.randomName("release_");
		this.fixture.role(role, "approvals:decide", "approvals:read");
		String type = policy("2 of " + role);
		Person ivan = this.fixture.person("ivan", "operator");
		Person alice = this.fixture.person("alice", role);
		serviceAccount(alice.name(), role);
		String id = this.fixture.open(ivan, type, PARAMETERS).get("id").asString();

		HttpResponse<String> rejected = this.fixture.decide(alice, id, Verdict.REJECT, "Not with one approver");
		assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(201);
		assertThat(ApiClient.json(rejected).get("state").asString()).isEqualTo("REJECTED");
	}

	private String policy(String quorum) {
		String type = ApprovalFixture.actionType("deploy");
		ApprovalFixture.policy(this.book, this.transaction, type, quorum);
		return type;
	}

	/** A service account created by the admin with {@code owner}, holding operator. */
	private String serviceAccount(String owner, String... roles) {
		String name = PostgresTestDatabase.randomName("bot_");
		List<String> granted = (roles.length == 0) ? List.of("operator") : List.of(roles);
		HttpResponse<String> created = this.fixture.admin()
			.post("/api/v1/users", "application/json",
					"{\"username\":\"" + name + "\",\"kind\":\"service\",\"owner\":\"" + owner + "\",\"roles\":["
							+ String.join(",", granted.stream().map(ApprovalFixture::quote).toList()) + "]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return name;
	}

	private HttpResponse<String> changeOwner(String account, String owner) {
		return this.fixture.admin().send("PATCH", "/api/v1/users/" + account, "{\"owner\":" + quote(owner) + "}");
	}

	private static String issueToken(ApiClient api, String account) {
		HttpResponse<String> issued = api.post("/api/v1/users/" + account + "/tokens", "application/json",
				"{\"name\":\"ci\"}");
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		return ApiClient.json(issued).get("token").asString();
	}

	private static String requestBody(String type) {
		return "{\"actionType\":" + quote(type) + ",\"parameters\":" + PARAMETERS
				+ ",\"justification\":\"Release 4.2.0 passed staging and the change board\"}";
	}

	private List<String> waitingFor(Person person) {
		HttpResponse<String> page = person.api().get("/api/v1/approvals?waitingFor=me&limit=100");
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		JsonNode body = ApiClient.json(page);
		JsonNode items = body.has("items") ? body.get("items") : body.get("requests");
		return items.valueStream().map((item) -> item.get("id").asString()).toList();
	}

	private long requestsBy(String account) {
		return this.jdbc.sql("SELECT COUNT(*) FROM approval_request WHERE initiator = ?")
			.param(account)
			.query(Long.class)
			.single();
	}

}
