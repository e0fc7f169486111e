package io.countersign.server.approval;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.approval.OfflineVerification.Outcome;
import io.countersign.server.approval.internal.policies.PolicyBook;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static io.countersign.server.approval.ApprovalFixture.code;
import static io.countersign.server.approval.ApprovalFixture.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Standing rules on PostgreSQL over HTTP: a rule approves a matching request as its
 * creator (ACTION_AUTO_APPROVED) and nothing else; it is refused for, and never applied
 * to, an elevated policy or a gated change; revoking stops it; and the initiator's own
 * rule never approves their own request.
 */
class StandingRulesTest extends PostgresApplicationTest {

	private static final String CONSTRAINTS = "{\"secret\":{\"in\":[\"db-a\",\"db-b\"]},\"graceSeconds\":{\"max\":600}}";

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
		this.fixture.role("rulemaker", "approvals:decide", "approvals:read", "policies:manage");
	}

	@Test
	void aRuleApprovesAMatchingRequestAsItsCreatorAndNothingElse() throws Exception {
		String type = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, type, "1 of rulemaker");
		Person ivan = this.fixture.person("ivan", "operator");
		Person carl = this.fixture.person("carl", "rulemaker");
		String rule = rule(carl, type, CONSTRAINTS);
		List<JsonNode> created = this.fixture.events(rule);
		assertThat(created).extracting((event) -> event.get("type").asString()).containsExactly("RULE_CREATED");
		assertThat(created.get(0).get("actor").get("id").asString()).isEqualTo(carl.name());

		JsonNode matching = this.fixture.open(ivan, type, "{\"secret\":\"db-a\",\"graceSeconds\":300}");
		String id = matching.get("id").asString();
		assertThat(matching.get("state").asString()).isEqualTo("APPROVED");
		List<JsonNode> events = this.fixture.events(id);
		assertThat(events).extracting((event) -> event.get("type").asString())
			.containsExactly("ACTION_QUEUED", "ACTION_AUTO_APPROVED");
		JsonNode details = events.get(1).get("details");
		assertThat(details.get("approver").asString()).isEqualTo(carl.name());
		assertThat(details.get("rule").get("id").asString()).isEqualTo(rule);
		assertThat(details.get("rule").get("createdBy").asString()).isEqualTo(carl.name());
		assertThat(details.get("rule").get("event").asString()).isEqualTo(created.get(0).get("id").asString());
		assertThat(details.get("state").asString()).isEqualTo("APPROVED");
		JsonNode decision = matching.get("decisions").get(0);
		assertThat(decision.get("standingRule").asString()).isEqualTo(rule);
		assertThat(decision.has("signature")).isFalse();

		for (String parameters : List.of("{\"secret\":\"db-c\",\"graceSeconds\":300}",
				"{\"secret\":\"db-a\",\"graceSeconds\":900}", "{\"secret\":\"db-a\"}",
				"{\"secret\":\"db-a\",\"graceSeconds\":300,\"force\":true}")) {
			JsonNode other = this.fixture.open(ivan, type, parameters);
			assertThat(other.get("state").asString()).as(parameters).isEqualTo("UNDER_REVIEW");
			assertThat(this.fixture.eventTypes(other.get("id").asString())).containsExactly("ACTION_QUEUED");
		}

		HttpResponse<String> claimed = ivan.api()
			.post("/api/v1/approvals/" + id + "/execution", "application/json", "");
		assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
		Outcome outcome = OfflineVerification.verify(download(ivan, id), verifierKey());
		assertThat(outcome.exit()).as(outcome.line()).isZero();
		assertThat(outcome.line()).startsWith("INTACT: approval request " + id)
			.contains("0 signed decision(s), 1 approval(s) by a standing rule, signed by no one: standing rule " + rule
					+ " of " + carl.name());
	}

	@Test
	void noRuleForAnElevatedPolicyOrAGatedChangeAndNoneAppliedToOne() {
		String elevated = ApprovalFixture.actionType("data");
		this.transaction
			.execute((status) -> this.book.activate(
					new PolicyDocument(elevated, 1, "test policy", List.of("operator"), "1 of rulemaker", List.of(),
							true, Optional.of("admin"), Duration.ofHours(24), 20, "initiator"),
					"test", Optional.empty()));
		Person carl = this.fixture.person("carl", "rulemaker", "admin");
		Person ivan = this.fixture.person("ivan", "operator");
		HttpResponse<String> refused = create(carl, elevated, "{\"table\":{\"equals\":\"sessions\"}}");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(code(refused)).isEqualTo("ERR_STANDING_RULE_ELEVATED");
		HttpResponse<String> gated = create(carl, "policy.change", "{\"policies\":{\"equals\":[]}}");
		assertThat(code(gated)).isEqualTo("ERR_STANDING_RULE_ELEVATED");
		HttpResponse<String> grant = create(carl, "role.grant.admin", "{\"username\":{\"equals\":\"mallory\"}}");
		assertThat(code(grant)).isEqualTo("ERR_STANDING_RULE_ELEVATED");

		// a rule made while the policy was plain never applies once it is elevated
		String plain = ApprovalFixture.actionType("data");
		ApprovalFixture.policy(this.book, this.transaction, plain, "1 of rulemaker");
		rule(carl, plain, "{\"table\":{\"equals\":\"sessions\"}}");
		this.transaction.execute(
				(status) -> this.book.activate(
						new PolicyDocument(plain, 2, "test policy", List.of("operator"), "1 of rulemaker", List.of(),
								true, Optional.of("admin"), Duration.ofHours(24), 20, "initiator"),
						"test", Optional.empty()));
		JsonNode opened = this.fixture.open(ivan, plain, "{\"table\":\"sessions\"}");
		assertThat(opened.get("state").asString()).isEqualTo("UNDER_REVIEW");
		assertThat(this.fixture.eventTypes(opened.get("id").asString())).containsExactly("ACTION_QUEUED");
	}

	@Test
	void revokingARuleStopsIt() {
		String type = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, type, "1 of rulemaker");
		Person ivan = this.fixture.person("ivan", "operator");
		Person carl = this.fixture.person("carl", "rulemaker");
		String rule = rule(carl, type, CONSTRAINTS);
		String parameters = "{\"secret\":\"db-b\",\"graceSeconds\":60}";
		assertThat(this.fixture.open(ivan, type, parameters).get("state").asString()).isEqualTo("APPROVED");

		HttpResponse<String> revoked = carl.api().send("DELETE", "/api/v1/standing-rules/" + rule);
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
		assertThat(ApiClient.json(revoked).get("status").asString()).isEqualTo("revoked");
		assertThat(this.fixture.eventTypes(rule)).containsExactly("RULE_CREATED", "RULE_REVOKED");
		assertThat(this.fixture.open(ivan, type, parameters).get("state").asString()).isEqualTo("UNDER_REVIEW");
		JsonNode listed = ApiClient.json(this.fixture.admin().get("/api/v1/standing-rules"));
		assertThat(listed.get("items").toString()).contains(rule).contains("\"revoked\"");
	}

	@Test
	void theInitiatorsOwnRuleNeverApprovesTheirOwnRequest() {
		String type = ApprovalFixture.actionType("secret");
		ApprovalFixture.policy(this.book, this.transaction, type, "1 of rulemaker");
		Person mallory = this.fixture.person("mallory", "rulemaker", "operator");
		rule(mallory, type, CONSTRAINTS);

		JsonNode own = this.fixture.open(mallory, type, "{\"secret\":\"db-a\",\"graceSeconds\":300}");
		assertThat(own.get("state").asString()).isEqualTo("UNDER_REVIEW");
		assertThat(this.fixture.eventTypes(own.get("id").asString())).containsExactly("ACTION_QUEUED");
		// nor does holding policies:manage without approvals:decide make a rule
		this.fixture.role("policywriter", "policies:manage", "approvals:read");
		Person paula = this.fixture.person("paula", "policywriter");
		HttpResponse<String> refused = create(paula, type, CONSTRAINTS);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
		assertThat(code(refused)).isEqualTo("ERR_PERMISSION_DENIED");
	}

	private String rule(Person creator, String type, String constraints) {
		HttpResponse<String> created = create(creator, type, constraints);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return ApiClient.json(created).get("id").asString();
	}

	private static HttpResponse<String> create(Person creator, String type, String constraints) {
		return creator.api()
			.post("/api/v1/standing-rules", "application/json",
					"{\"actionType\":" + quote(type) + ",\"constraints\":" + constraints + ",\"until\":\""
							+ Instant.now().plus(Duration.ofDays(7))
							+ "\",\"reason\":\"Routine rotations this week\"}");
	}

	private Path download(Person person, String id) throws Exception {
		HttpResponse<byte[]> download = person.api().getBytes("/api/v1/approvals/" + id + "/evidence");
		assertThat(download.statusCode()).isEqualTo(200);
		return Files.write(this.dir.resolve(id + ".zip"), download.body());
	}

	private String verifierKey() {
		return this.fixture.admin().get("/api/v1/ledger/key").body().strip();
	}

}
