package io.countersign.server.compliance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.countersign.ledger.verify.OfflineVerifier;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.H2ApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On the embedded database (H2) too, a report is generated (counts by type, checkpoints
 * by time, proofs), downloaded as PDF and verified offline; without SMTP an e-mail fails
 * visibly and the report is still there. The controls are the real checks' on the
 * embedded database: an administrator without TOTP shows as a gap.
 */
class H2ComplianceReportsTest extends H2ApplicationTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	@Test
	void pdfReportOnTheEmbeddedDatabaseVerifiesOfflineAndAnEmailWithoutSmtpFailsVisibly() throws Exception {
		ApiClient admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		HttpResponse<String> created = admin.post("/api/v1/users", "application/json",
				"{\"username\":\"nototp_h2\",\"password\":\"correct horse battery staple\",\"roles\":[\"admin\"]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		new ComplianceFixture(admin).runChecks();
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		HttpResponse<String> accepted = admin.post("/api/v1/compliance/reports", "application/json",
				"{\"framework\":\"soc2\",\"from\":\"" + today.minusDays(90) + "\",\"to\":\"" + today
						+ "\",\"format\":\"pdf\",\"email\":\"auditor@example.test\"}");
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		String id = JSON.readTree(accepted.body()).get("id").asString();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> JSON.readTree(admin.get("/api/v1/compliance/reports/" + id).body()).has("emailState"));
		JsonNode job = JSON.readTree(admin.get("/api/v1/compliance/reports/" + id).body());
		assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("ready");
		assertThat(job.get("emailState").asString()).isEqualTo("failed");
		assertThat(job.get("emailError").asString()).contains("spring.mail.host");

		Path pdf = Files.write(this.dir.resolve("report.pdf"),
				admin.getBytes("/api/v1/compliance/reports/" + id + "/download").body());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = OfflineVerifier.run(
				new String[] { pdf.toString(), "--key", admin.get("/api/v1/ledger/key").body() },
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
		assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("INTACT: compliance report " + id + " (pdf)");
		String text = new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1);
		// the signed report attached to the PDF names the gap and why
		assertThat(text).contains("\"control\":\"soc2-cc6.1-mfa\"", "nototp_h2");
	}

}
