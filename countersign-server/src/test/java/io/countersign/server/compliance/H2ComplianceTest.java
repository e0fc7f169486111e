package io.countersign.server.compliance;

import java.util.Base64;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the embedded database: the checks run, the connection's encryption cannot be seen
 * (no network, nothing reported) so its controls stay manual, and attestations with files
 * are stored.
 */
class H2ComplianceTest extends H2ApplicationTest {

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
