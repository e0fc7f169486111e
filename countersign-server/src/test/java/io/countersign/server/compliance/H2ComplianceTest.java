package io.countersign.server.compliance;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the embedded database: the checks run, the connection's encryption cannot be seen
 * (no network, nothing reported) so its controls stay manual, attestations with files are
 * stored, and an admin's token use counts as the admin's use.
 */
class H2ComplianceTest extends H2ApplicationTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void anAdminWhoOnlyUsesATokenIsStaleOnlyOnceTheTokenIsIdleFor90Days() {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		ComplianceFixture compliance = new ComplianceFixture(admin);
		assertThat(admin.post("/api/v1/users", "application/json", "{\"username\":\"tara\",\"roles\":[\"viewer\"]}")
			.statusCode()).isEqualTo(201);
		Timestamp longAgo = Timestamp.from(Instant.now().minus(Duration.ofDays(120)));
		this.jdbc.sql("UPDATE account SET created_at = ? WHERE username = 'tara'").param(longAgo).update();
		this.jdbc.sql("""
				INSERT INTO role_grant (account_id, role_name, granted_by, granted_at)
				SELECT id, 'admin', 'test', ? FROM account WHERE username = 'tara'
				""").param(longAgo).update();
		String token = ApiClient.json(admin.post("/api/v1/users/tara/tokens", "application/json", "{\"name\":\"cli\"}"))
			.get("token")
			.asString();
		assertThat(this.api.withToken(token).get("/api/v1/me").statusCode()).isEqualTo(200);

		compliance.runChecks();
		assertThat(staleAdmins(compliance)).doesNotContain("tara");

		this.jdbc.sql("UPDATE access_token SET last_used_at = ? WHERE name = 'cli'")
			.param(Timestamp.from(Instant.now().minus(Duration.ofDays(91))))
			.update();
		compliance.runChecks();
		assertThat(staleAdmins(compliance)).contains("tara");
	}

	private static String staleAdmins(ComplianceFixture compliance) {
		return compliance.check("soc2", "soc2-cc6.2-stale-admins", "stale-admin-accounts")
			.get("facts")
			.get("unusedFor90Days")
			.toString();
	}

	@Test
	void theEmbeddedDatabasesEncryptionCannotBeVerifiedAndItsControlStaysManual() {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		ComplianceFixture compliance = new ComplianceFixture(admin);
		JsonNode run = compliance.runChecks();
		assertThat(run.get("evaluation").get("resultsSha256").asString()).hasSize(64);
		JsonNode transit = compliance.control("gdpr", "gdpr-art32-transit");
		assertThat(transit.get("state").asString()).isEqualTo("NOT_STARTED");
		assertThat(transit.get("automated").asBoolean()).isFalse();
		assertThat(transit.get("checks").get(0).get("outcome").asString()).isEqualTo("CANNOT_VERIFY");
		assertThat(transit.get("checks").get(0).get("explanation").asString()).contains("embedded H2");

		String body = "{\"state\":\"IMPLEMENTED\",\"note\":\"Local socket only, host in a locked rack\","
				+ "\"owner\":\"ops\",\"expiresOn\":\"2099-01-01\",\"files\":[{\"name\":\"rack.txt\"," + "\"content\":\""
				+ Base64.getEncoder().encodeToString("rack 4".getBytes()) + "\"}]}";
		assertThat(admin.send("PUT", "/api/v1/compliance/controls/gdpr-art32-transit/attestation", body).statusCode())
			.isEqualTo(400);
		String within = body.replace("2099-01-01", java.time.LocalDate.now().plusYears(1).toString());
		assertThat(admin.send("PUT", "/api/v1/compliance/controls/gdpr-art32-transit/attestation", within).statusCode())
			.isEqualTo(200);
		JsonNode attested = compliance.control("gdpr", "gdpr-art32-transit");
		assertThat(attested.get("state").asString()).isEqualTo("IMPLEMENTED");
		String href = attested.get("attestation").get("files").get(0).get("href").asString();
		assertThat(new String(admin.getBytes(href).body())).isEqualTo("rack 4");
		assertThat(ApiClient.json(admin.get("/api/v1/compliance/frameworks/gdpr?history=7")).get("history").size())
			.isEqualTo(1);
	}

}
