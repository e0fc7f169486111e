package io.countersign.server.compliance;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every automated check flips its control between implemented and not started on data
 * built here, in the live database; checks that cannot see their fact say so and leave
 * their control manual. Data the API cannot build (an admin unused for 100 days, an
 * execution without approval, a self-approval) is written to the tables the checks read,
 * as a faulty or tampered installation would hold it.
 */
class ComplianceChecksTest extends PostgresApplicationTest {

	@Autowired
	JdbcClient jdbc;

	ApiClient admin;

	ComplianceFixture compliance;

	@BeforeEach
	void fixtures() {
		this.admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		this.compliance = new ComplianceFixture(this.admin);
	}

	@Test
	void everyFrameworkListsItsControlsWithScores() {
		JsonNode frameworks = ApiClient.json(this.admin.get("/api/v1/compliance/frameworks"));
		assertThat(frameworks.get("items")).extracting((item) -> item.get("id").asString())
			.containsExactly("soc2", "gdpr", "hipaa");
		for (JsonNode item : frameworks.get("items")) {
			JsonNode framework = this.compliance.framework(item.get("id").asString());
			assertThat(framework.get("controls").size()).isBetween(15, 20);
			long implemented = 0;
			for (JsonNode control : framework.get("controls")) {
				assertThat(control.get("references").size()).isPositive();
				assertThat(control.get("docs").asString()).startsWith("docs/compliance.md#");
				implemented += control.get("state").asString().equals("IMPLEMENTED") ? 1 : 0;
			}
			assertThat(framework.get("implementedShare").asDouble())
				.isEqualTo((double) implemented / framework.get("controls").size());
			// failing first
			assertThat(framework.get("controls").get(0).get("state").asString()).isEqualTo("NOT_STARTED");
		}
		HttpResponse<String> unknown = this.admin.get("/api/v1/compliance/frameworks/iso27001");
		assertThat(unknown.statusCode()).isEqualTo(404);
	}

	@Test
	void adminMfaFlipsWithEnrolment() {
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc6.1-mfa")).isEqualTo("IMPLEMENTED");
		String id = account("mfa_admin", "{argon2}x", Instant.now());
		grantAdmin(id);
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc6.1-mfa")).isEqualTo("NOT_STARTED");
		JsonNode result = this.compliance.check("soc2", "soc2-cc6.1-mfa", "admin-mfa");
		assertThat(result.get("outcome").asString()).isEqualTo("FAILED");
		assertThat(result.get("facts").get("passwordWithoutTotp").toString()).contains("mfa_admin");
		this.jdbc.sql("UPDATE account SET totp_enabled = TRUE WHERE id = ?").param(id).update();
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc6.1-mfa")).isEqualTo("IMPLEMENTED");
		assertThat(this.compliance.control("hipaa", "hipaa-164.312d-authentication").get("state").asString())
			.isEqualTo("IMPLEMENTED");
	}

	@Test
	void anAdminUnusedFor90DaysFailsUntilUsed() {
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc6.2-stale-admins")).isEqualTo("IMPLEMENTED");
		Instant longAgo = Instant.now().minus(Duration.ofDays(120));
		String id = account("idle_admin", null, longAgo);
		grantAdmin(id);
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc6.2-stale-admins")).isEqualTo("NOT_STARTED");
		assertThat(this.compliance.check("soc2", "soc2-cc6.2-stale-admins", "stale-admin-accounts")
			.get("facts")
			.get("unusedFor90Days")
			.toString()).contains("idle_admin");
		this.jdbc.sql("""
				INSERT INTO console_session (id, token_hash, account_id, created_at, last_seen_at)
				VALUES (?, ?, ?, ?, ?)
				""")
			.params(UUID.randomUUID().toString(), UUID.randomUUID().toString().getBytes(), id,
					Timestamp.from(Instant.now()), Timestamp.from(Instant.now()))
			.update();
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc6.2-stale-admins")).isEqualTo("IMPLEMENTED");
	}

	@Test
	void anAdminWhoOnlyUsesATokenIsUsedUntilTheTokenIsIdleFor90Days() {
		String id = account("token_admin", null, Instant.now().minus(Duration.ofDays(120)));
		grantAdmin(id);
		assertThat(use(issueToken(username(id)))).isEqualTo(200);

		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc6.2-stale-admins")).isEqualTo("IMPLEMENTED");
		assertThat(staleAdmins()).doesNotContain(username(id));

		this.jdbc.sql("UPDATE access_token SET last_used_at = ? WHERE account_id = ?")
			.params(Timestamp.from(Instant.now().minus(Duration.ofDays(91))), id)
			.update();
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc6.2-stale-admins")).isEqualTo("NOT_STARTED");
		assertThat(staleAdmins()).contains(username(id));

		this.jdbc.sql("UPDATE access_token SET last_used_at = ? WHERE account_id = ?")
			.params(Timestamp.from(Instant.now().minus(Duration.ofDays(89))), id)
			.update();
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc6.2-stale-admins")).isEqualTo("IMPLEMENTED");
	}

	@Test
	void aServiceAccountsTokenUseKeepsItsOwnAdminNotItsOwners() {
		Instant longAgo = Instant.now().minus(Duration.ofDays(120));
		String owner = account("bot_owner", null, longAgo);
		String bot = serviceAccount("owned_bot", username(owner), longAgo);
		grantAdmin(owner);
		grantAdmin(bot);
		assertThat(use(issueToken(username(bot)))).isEqualTo(200);

		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc6.2-stale-admins")).isEqualTo("NOT_STARTED");
		assertThat(staleAdmins()).contains(username(owner)).doesNotContain(username(bot));

		this.jdbc.sql("DELETE FROM role_grant WHERE account_id = ?").param(owner).update();
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc6.2-stale-admins")).isEqualTo("IMPLEMENTED");
	}

	@Test
	void anAccessReviewOnTheLedgerImplementsTheReviewControl() {
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc6.3-access-review")).isEqualTo("NOT_STARTED");
		HttpResponse<String> reviewed = this.admin.post("/api/v1/compliance/access-reviews", "application/json",
				"{\"note\":\"Reviewed every grant; revoked operator from bob\"}");
		assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(201);
		String review = ApiClient.json(reviewed).get("id").asString();
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc6.3-access-review")).isEqualTo("IMPLEMENTED");
		JsonNode result = this.compliance.check("gdpr", "gdpr-art32-access-review", "access-review");
		assertThat(result.get("ledgerIndexes").size()).isEqualTo(1);
		assertThat(new ApprovalFixture(this.admin).eventTypes(review)).containsExactly("compliance_access_reviewed");

		// a review older than 90 days is no longer enough
		this.jdbc.sql("UPDATE compliance_access_review SET reviewed_at = ?")
			.param(Timestamp.from(Instant.now().minus(Duration.ofDays(91))))
			.update();
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc6.3-access-review")).isEqualTo("NOT_STARTED");

		HttpResponse<String> empty = this.admin.post("/api/v1/compliance/access-reviews", "application/json", "{}");
		assertThat(empty.statusCode()).isEqualTo(400);
		assertThat(ApprovalFixture.code(empty)).isEqualTo("ERR_VALIDATION");
	}

	@Test
	void anExecutionWithoutApprovalAndASelfApprovalAreFound() {
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc8.1-change-approval")).isEqualTo("IMPLEMENTED");
		assertThat(this.compliance.control("soc2", "soc2-cc8.1-segregation").get("state").asString())
			.isEqualTo("IMPLEMENTED");
		String request = request("mallory");
		this.jdbc
			.sql("""
					INSERT INTO approval_execution (request_id, revision, claimed_by, claimed_at) VALUES (?, 1, 'mallory', ?)
					""")
			.params(request, Timestamp.from(Instant.now()))
			.update();
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc8.1-change-approval")).isEqualTo("NOT_STARTED");
		assertThat(this.compliance.check("soc2", "soc2-cc8.1-change-approval", "approval-policies")
			.get("explanation")
			.asString()).contains(request);
		String key = UUID.randomUUID().toString();
		this.jdbc.sql("""
				INSERT INTO approver_key (id, owner, spki, fingerprint, created_at) VALUES (?, 'mallory', ?, ?, ?)
				""").params(key, new byte[] { 1 }, "f".repeat(63) + "1", Timestamp.from(Instant.now())).update();
		this.jdbc
			.sql("""
					INSERT INTO approval_decision (request_id, revision, person, ordinal, verdict, reason, roles, key_id,
					    signature, decided_at, event_id) VALUES (?, 1, 'mallory', 1, 'approve', 'mine', 'admin', ?, 'sig', ?, ?)
					""")
			.params(request, key, Timestamp.from(Instant.now()), UUID.randomUUID().toString())
			.update();
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc8.1-segregation")).isEqualTo("NOT_STARTED");
		assertThat(this.compliance.check("soc2", "soc2-cc8.1-segregation", "no-self-approval")
			.get("facts")
			.get("selfApprovals")
			.toString()).contains(request + " by mallory");
		// the self-approval is not an independent approval either
		assertThat(this.compliance.control("soc2", "soc2-cc8.1-change-approval").get("state").asString())
			.isEqualTo("NOT_STARTED");
		// a control with both checks, one failing: in progress
		assertThat(this.compliance.control("gdpr", "gdpr-art32-change-control").get("state").asString())
			.isEqualTo("NOT_STARTED");
	}

	@Test
	void aFullVerificationImplementsTheAuditIntegrityControl() {
		// the checkpointer signs on its own schedule: wait for its first checkpoint
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.admin.get("/api/v1/ledger/checkpoint").statusCode() == 200);
		// never verified, though checkpoints cover the ledger: in progress
		assertThat(this.compliance.stateAfterChecks("soc2", "soc2-cc7.2-audit-integrity")).isEqualTo("IN_PROGRESS");
		assertThat(this.compliance.check("soc2", "soc2-cc7.2-audit-integrity", "ledger-verified")
			.get("outcome")
			.asString()).isEqualTo("FAILED");
		HttpResponse<String> started = this.admin.post("/api/v1/ledger/verifications", "application/json", "");
		assertThat(started.statusCode()).as(started.body()).isBetween(200, 202);
		String id = ApiClient.json(started).get("id").asString();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !ApiClient.json(this.admin.get("/api/v1/ledger/verifications/" + id))
				.get("state")
				.asString()
				.equals("running"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.compliance.stateAfterChecks("soc2", "soc2-cc7.2-audit-integrity").equals("IMPLEMENTED"));
		JsonNode verified = this.compliance.check("soc2", "soc2-cc7.2-audit-integrity", "ledger-verified");
		assertThat(verified.get("facts").get("state").asString()).isEqualTo("intact");
	}

	@Test
	void checksThatCannotSeeTheirFactLeaveTheControlManual() {
		this.compliance.runChecks();
		for (String[] control : List.of(new String[] { "soc2", "soc2-cc6.1-encryption-at-rest", "disk-encryption" },
				new String[] { "hipaa", "hipaa-164.316b2-retention", "retention" })) {
			JsonNode shown = this.compliance.control(control[0], control[1]);
			assertThat(shown.get("state").asString()).isEqualTo("NOT_STARTED");
			assertThat(shown.get("automated").asBoolean()).isFalse();
			assertThat(this.compliance.check(control[0], control[1], control[2]).get("outcome").asString())
				.isEqualTo("CANNOT_VERIFY");
		}
	}

	@Test
	void theDatabaseConnectionsEncryptionIsReadFromPostgres() {
		boolean ssl = this.jdbc.sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
			.query(Boolean.class)
			.single();
		this.compliance.runChecks();
		JsonNode result = this.compliance.check("soc2", "soc2-cc6.7-transit", "database-tls");
		assertThat(result.get("outcome").asString()).isEqualTo(ssl ? "PASSED" : "FAILED");
		assertThat(result.get("facts").get("ssl").asBoolean()).isEqualTo(ssl);
		assertThat(this.compliance.control("soc2", "soc2-cc6.7-transit").get("state").asString())
			.isEqualTo(ssl ? "IMPLEMENTED" : "NOT_STARTED");
	}

	@Test
	void theRunningSignInSettingsAreChecked() {
		this.compliance.runChecks();
		for (String[] control : List.of(new String[] { "soc2-cc6.1-lockout", "brute-force-lockout" },
				new String[] { "soc2-cc6.1-session-timeout", "session-idle-timeout" },
				new String[] { "soc2-cc6.1-passwords", "password-policy" })) {
			assertThat(this.compliance.control("soc2", control[0]).get("state").asString()).isEqualTo("IMPLEMENTED");
		}
		assertThat(this.compliance.check("soc2", "soc2-cc6.1-session-timeout", "session-idle-timeout")
			.get("facts")
			.get("idleTimeout")
			.asString()).isEqualTo("PT15M");
	}

	@Test
	void eachEvaluationIsOnTheLedgerWithTheDigestOfItsResultsAndSetsTheDaysScore() {
		JsonNode first = this.compliance.runChecks();
		JsonNode second = this.compliance.runChecks();
		String id = second.get("evaluation").get("id").asString();
		String stored = this.jdbc.sql("SELECT digest FROM compliance_evaluation WHERE id = ?")
			.param(id)
			.query(String.class)
			.single();
		assertThat(second.get("evaluation").get("resultsSha256").asString()).isEqualTo(stored);
		List<JsonNode> events = new ApprovalFixture(this.admin).events(id);
		assertThat(events).hasSize(1);
		assertThat(events.get(0).get("type").asString()).isEqualTo("compliance_checks_evaluated");
		assertThat(events.get(0).get("details").get("resultsSha256").asString()).isEqualTo(stored);
		assertThat(second.get("evaluation").get("ledgerIndex").asLong())
			.isNotEqualTo(first.get("evaluation").get("ledgerIndex").asLong());

		JsonNode soc2 = ApiClient.json(this.admin.get("/api/v1/compliance/frameworks/soc2?history=30"));
		assertThat(soc2.get("history").size()).isEqualTo(1);
		assertThat(soc2.get("history").get(0).get("implementedShare").asDouble())
			.isEqualTo(soc2.get("implementedShare").asDouble());
		assertThat(soc2.get("history").get(0).get("weightedScore").asDouble())
			.isEqualTo(soc2.get("weightedScore").asDouble());
		JsonNode history = ApiClient.json(this.admin.get("/api/v1/compliance/frameworks/gdpr/history"));
		assertThat(history.get("points").size()).isEqualTo(1);
		assertThat(
				this.admin.get("/api/v1/compliance/frameworks/gdpr/history?from=2026-02-01&to=2026-01-01").statusCode())
			.isEqualTo(400);
	}

	@Test
	void readersReadAndOnlyManagersRunOrAttest() {
		ApprovalFixture people = new ApprovalFixture(this.admin);
		ApiClient auditor = people.person("auditor", "auditor").api();
		ApiClient viewer = people.person("viewer", "viewer").api();
		assertThat(auditor.get("/api/v1/compliance/frameworks").statusCode()).isEqualTo(200);
		assertThat(auditor.get("/api/v1/compliance/frameworks/hipaa").statusCode()).isEqualTo(200);
		assertThat(viewer.get("/api/v1/compliance/frameworks").statusCode()).isEqualTo(403);
		assertThat(auditor.post("/api/v1/compliance/checks", "application/json", "").statusCode()).isEqualTo(403);
		assertThat(auditor
			.send("PUT", "/api/v1/compliance/controls/soc2-cc1.1-policies/attestation",
					"{\"state\":\"IMPLEMENTED\",\"note\":\"n\",\"owner\":\"o\",\"expiresOn\":\"2099-01-01\"}")
			.statusCode()).isEqualTo(403);
		assertThat(
				auditor.post("/api/v1/compliance/access-reviews", "application/json", "{\"note\":\"x\"}").statusCode())
			.isEqualTo(403);
		assertThat(this.api.get("/api/v1/compliance/frameworks").statusCode()).isEqualTo(401);
	}

	private String account(String prefix, String passwordHash, Instant createdAt) {
		String id = UUID.randomUUID().toString();
		String name = prefix + "_" + id.substring(0, 8);
		this.jdbc.sql("""
				INSERT INTO account (id, username, display_name, kind, status, password_hash, created_at, updated_at)
				VALUES (?, ?, ?, 'user', 'active', ?, ?, ?)
				""")
			.params(id, name, name, passwordHash, Timestamp.from(createdAt), Timestamp.from(createdAt))
			.update();
		return id;
	}

	private String serviceAccount(String prefix, String owner, Instant createdAt) {
		String id = UUID.randomUUID().toString();
		String name = prefix + "_" + id.substring(0, 8);
		this.jdbc.sql("""
				INSERT INTO account (id, username, display_name, kind, status, owner, created_at, updated_at)
				VALUES (?, ?, ?, 'service', 'active', ?, ?, ?)
				""").params(id, name, name, owner, Timestamp.from(createdAt), Timestamp.from(createdAt)).update();
		return id;
	}

	private String username(String accountId) {
		return this.jdbc.sql("SELECT username FROM account WHERE id = ?").param(accountId).query(String.class).single();
	}

	private String issueToken(String username) {
		HttpResponse<String> issued = this.admin.post("/api/v1/users/" + username + "/tokens", "application/json",
				"{\"name\":\"cli\"}");
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		return ApiClient.json(issued).get("token").asString();
	}

	private int use(String token) {
		return this.api.withToken(token).get("/api/v1/me").statusCode();
	}

	private String staleAdmins() {
		return this.compliance.check("soc2", "soc2-cc6.2-stale-admins", "stale-admin-accounts")
			.get("facts")
			.get("unusedFor90Days")
			.toString();
	}

	private void grantAdmin(String accountId) {
		this.jdbc.sql("""
				INSERT INTO role_grant (account_id, role_name, granted_by, granted_at) VALUES (?, 'admin', 'test', ?)
				""").params(accountId, Timestamp.from(Instant.now().minus(Duration.ofDays(200)))).update();
	}

	// an executed data.purge request initiated by {@code initiator}, without decisions
	private String request(String initiator) {
		String id = UUID.randomUUID().toString();
		Timestamp now = Timestamp.from(Instant.now());
		this.jdbc
			.sql("""
					INSERT INTO approval_request (id, action_type, policy_version, initiator, initiator_person, state,
					    revision, expires_at, created_at, updated_at) VALUES (?, 'data.purge', 1, ?, ?, 'EXECUTED', 1, ?, ?, ?)
					""")
			.params(id, initiator, initiator, now, now, now)
			.update();
		this.jdbc.sql("""
				INSERT INTO approval_revision (request_id, revision, content, digest, created_at)
				VALUES (?, 1, '{}', ?, ?)
				""").params(id, "0".repeat(64), now).update();
		return id;
	}

}
