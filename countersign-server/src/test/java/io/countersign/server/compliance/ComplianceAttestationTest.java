package io.countersign.server.compliance;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.MutableClock;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static io.countersign.server.approval.ApprovalFixture.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attestations: a manual control (or one whose check cannot see its fact) stands as
 * attested until the attestation expires; the evidence files are kept byte for byte with
 * their SHA-256 on the ledger; bad attestations are refused whole.
 */
@Import(MutableClock.Configuration.class)
@TestPropertySource(properties = { "countersign.compliance.evidence.max-file-size=1KB",
		"countersign.compliance.evidence.max-files=2" })
class ComplianceAttestationTest extends PostgresApplicationTest {

	@Autowired
	MutableClock clock;

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
	void anAttestedControlCountsWithItsEvidenceUntilItExpires() throws Exception {
		String control = "soc2-cc1.1-policies";
		assertThat(this.compliance.control("soc2", control).get("state").asString()).isEqualTo("NOT_STARTED");
		double before = this.compliance.framework("soc2").get("implementedShare").asDouble();
		byte[] policy = "Information security policy v3, approved by the board".getBytes(StandardCharsets.UTF_8);
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		HttpResponse<String> attested = attest(control, "IMPLEMENTED", today.plusDays(2).toString(),
				file("policy.txt", "text/plain", policy));
		assertThat(attested.statusCode()).as(attested.body()).isEqualTo(200);
		JsonNode file = ApiClient.json(attested).get("files").get(0);
		assertThat(file.get("sha256").asString()).isEqualTo(sha256(policy));

		JsonNode shown = this.compliance.control("soc2", control);
		assertThat(shown.get("state").asString()).isEqualTo("IMPLEMENTED");
		assertThat(shown.get("automated").asBoolean()).isFalse();
		assertThat(shown.get("attestation").get("owner").asString()).isEqualTo("CISO");
		long index = shown.get("attestation").get("ledgerIndex").asLong();
		assertThat(this.compliance.framework("soc2").get("implementedShare").asDouble()).isGreaterThan(before);

		// the evidence comes back byte for byte, its SHA-256 on the ledger
		HttpResponse<byte[]> download = this.admin.getBytes(file.get("href").asString());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(policy);
		assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
		JsonNode entry = null;
		for (JsonNode each : ApiClient
			.json(this.admin.get("/api/v1/events?order=oldest&limit=1000&type=compliance_control_attested"))
			.get("events")) {
			if (each.get("event").get("details").get("controlId").asString().equals(control)) {
				entry = each;
			}
		}
		assertThat(entry).isNotNull();
		assertThat(entry.get("index").asLong()).isEqualTo(index);
		JsonNode event = entry.get("event");
		assertThat(event.get("details").get("controlId").asString()).isEqualTo(control);
		assertThat(event.get("details").get("files").get(0).get("sha256").asString()).isEqualTo(sha256(policy));
		assertThat(event.toString()).doesNotContain("approved by the board");

		// expired: not started again, until attested anew
		this.clock.advance(Duration.ofDays(2));
		JsonNode expired = this.compliance.control("soc2", control);
		assertThat(expired.get("state").asString()).isEqualTo("NOT_STARTED");
		assertThat(expired.has("attestation")).isFalse();
	}

	@Test
	void aCheckThatCannotVerifyLeavesItsControlToTheAttestationButAPassingOrFailingCheckDecides() {
		String atRest = "hipaa-164.312a2iv-encryption";
		LocalDate later = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC).plusDays(300);
		assertThat(this.compliance.stateAfterChecks("hipaa", atRest)).isEqualTo("NOT_STARTED");
		assertThat(attest(atRest, "IN_PROGRESS", later.toString()).statusCode()).isEqualTo(200);
		assertThat(this.compliance.control("hipaa", atRest).get("state").asString()).isEqualTo("IN_PROGRESS");
		assertThat(this.compliance.control("hipaa", atRest).get("checks").get(0).get("outcome").asString())
			.isEqualTo("CANNOT_VERIFY");

		// an attestation does not overrule a check that sees its fact
		String logoff = "hipaa-164.312a2iii-logoff";
		assertThat(this.compliance.control("hipaa", logoff).get("state").asString()).isEqualTo("IMPLEMENTED");
		assertThat(attest(logoff, "NOT_STARTED", later.toString()).statusCode()).isEqualTo(200);
		assertThat(this.compliance.control("hipaa", logoff).get("state").asString()).isEqualTo("IMPLEMENTED");
		String review = "hipaa-164.308a4-access-review";
		assertThat(attest(review, "IMPLEMENTED", later.toString()).statusCode()).isEqualTo(200);
		assertThat(this.compliance.control("hipaa", review).get("state").asString()).isEqualTo("NOT_STARTED");
	}

	@Test
	void badAttestationsAreRefusedAndNothingIsWritten() {
		String control = "gdpr-art30-ropa";
		String tomorrow = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC).plusDays(1).toString();
		String today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC).toString();
		byte[] big = new byte[1025];
		for (String body : List.of(body("DONE", "n", "o", tomorrow, ""), body("IMPLEMENTED", "", "o", tomorrow, ""),
				body("IMPLEMENTED", "n", "", tomorrow, ""), body("IMPLEMENTED", "n", "o", today, ""),
				body("IMPLEMENTED", "n", "o", "tomorrow", ""),
				body("IMPLEMENTED", "n", "o", tomorrow, file("big.bin", "application/octet-stream", big)),
				body("IMPLEMENTED", "n", "o", tomorrow, file("../etc/passwd", "text/plain", new byte[] { 1 })),
				body("IMPLEMENTED", "n", "o", tomorrow,
						file("a", "text/plain", new byte[] { 1 }) + "," + file("b", "text/plain", new byte[] { 1 })
								+ "," + file("c", "text/plain", new byte[] { 1 })),
				"{\"state\":\"IMPLEMENTED\",\"note\":\"n\",\"owner\":\"o\",\"expiresOn\":\"" + tomorrow
						+ "\",\"files\":[{\"name\":\"x\",\"content\":\"***\"}]}")) {
			HttpResponse<String> refused = this.admin.send("PUT",
					"/api/v1/compliance/controls/" + control + "/attestation", body);
			assertThat(refused.statusCode()).as(body).isEqualTo(400);
			assertThat(ApprovalFixture.code(refused)).isEqualTo("ERR_VALIDATION");
		}
		assertThat(this.admin
			.send("PUT", "/api/v1/compliance/controls/no-such-control/attestation",
					body("IMPLEMENTED", "n", "o", tomorrow, ""))
			.statusCode()).isEqualTo(404);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM compliance_attestation").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM compliance_evidence_file").query(Long.class).single()).isZero();
		assertThat(this.admin.get("/api/v1/compliance/controls/" + control + "/evidence/nope").statusCode())
			.isEqualTo(404);
	}

	private HttpResponse<String> attest(String control, String state, String expiresOn, String... files) {
		return this.admin.send("PUT", "/api/v1/compliance/controls/" + control + "/attestation",
				body(state, "Policy approved 2026-11-02 by the board; minutes in the evidence.", "CISO", expiresOn,
						String.join(",", files)));
	}

	private static String body(String state, String note, String owner, String expiresOn, String files) {
		return "{\"state\":" + quote(state) + ",\"note\":" + quote(note) + ",\"owner\":" + quote(owner)
				+ ",\"expiresOn\":" + quote(expiresOn) + ",\"files\":[" + files + "]}";
	}

	private static String file(String name, String type, byte[] content) {
		return "{\"name\":" + quote(name) + ",\"contentType\":" + quote(type) + ",\"content\":"
				+ quote(Base64.getEncoder().encodeToString(content)) + "}";
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
