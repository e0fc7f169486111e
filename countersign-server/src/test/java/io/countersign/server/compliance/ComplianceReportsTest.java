package io.countersign.server.compliance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.countersign.ledger.verify.OfflineVerifier;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.PostgresTestDatabase;
import io.countersign.server.testing.TestSecrets;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reports on PostgreSQL through the API: requested (202), generated in the background
 * with its progress, downloaded as PDF (its text read back with poppler's
 * {@code pdftotext}), signed JSON and OSCAL assessment-results, each verified offline by
 * the ledger jar's verifier with the pinned ledger key, and a tampered copy of each
 * rejected; e-mailed to a real SMTP server (GreenMail). The controls are the real
 * catalog's, as the real checks and attestations decide them on data built here: an
 * administrator signing in with a password but no TOTP (a failing automated control, a
 * gap) and an attested policy (an implemented manual control).
 */
class ComplianceReportsTest extends PostgresApplicationTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String MFA = "soc2-cc6.1-mfa";

	static final String POLICIES = "soc2-cc1.1-policies";

	static GreenMail mail;

	@TempDir
	Path dir;

	@Autowired
	JdbcClient jdbc;

	ApiClient admin;

	/** The administrator without a second factor. */
	String noTotpAdmin;

	/** The framework as the checks just decided it, which the reports must show. */
	JsonNode soc2;

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		mail.start();
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> mail.getSmtp().getPort());
		registry.add("countersign.compliance.reports.mail-from", () -> "reports@example.test");
	}

	@AfterAll
	static void stopSmtp() {
		mail.stop();
	}

	@BeforeEach
	void admin() {
		this.admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		this.noTotpAdmin = PostgresTestDatabase.randomName("nototp_");
		HttpResponse<String> created = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"" + this.noTotpAdmin + "\",\"password\":\"correct horse battery staple\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		// past setup mode, granting admin takes an approved request (the approval tests
		// go through it); the grant is written as the approved request writes it
		this.jdbc.sql("""
				INSERT INTO role_grant (account_id, role_name, granted_by, granted_at) VALUES (?, 'admin', 'test', ?)
				""").params(ApiClient.json(created).get("id").asString(), Timestamp.from(Instant.now())).update();
		HttpResponse<String> attested = this.admin.send("PUT",
				"/api/v1/compliance/controls/" + POLICIES + "/attestation",
				"{\"state\":\"IMPLEMENTED\",\"note\":\"Policy approved by the board\",\"owner\":\"CISO\","
						+ "\"expiresOn\":\"" + LocalDate.now(ZoneOffset.UTC).plusYears(1) + "\",\"files\":[]}");
		assertThat(attested.statusCode()).as(attested.body()).isEqualTo(200);
		ComplianceFixture compliance = new ComplianceFixture(this.admin);
		compliance.runChecks();
		this.soc2 = compliance.framework("soc2");
		assertThat(state(MFA)).isEqualTo("NOT_STARTED");
		assertThat(state(POLICIES)).isEqualTo("IMPLEMENTED");
		// some audit events in the period, of more than one type
		for (int i = 0; i < 3; i++) {
			this.admin.post("/api/v1/events", "application/json", """
					{"type": "report.test", "actor": {"id": "tester", "type": "user"}, "outcome": "success"}
					""");
		}
	}

	@Test
	void pdfReportShowsGapsFirstAndTheDisclaimerOnEveryPageVerifiesOfflineAndIsEmailed() throws Exception {
		JsonNode job = request("pdf", "auditor@example.test");
		assertThat(job.get("state").asString()).isIn("queued", "running", "ready");
		JsonNode done = awaitReady(job.get("id").asString());
		assertThat(done.get("progress").asInt()).isEqualTo(100);
		assertThat(done.get("sha256").asString()).matches("[0-9a-f]{64}");
		assertThat(done.get("ledgerIndex").asLong()).isPositive();

		HttpResponse<byte[]> download = this.admin.getBytes(done.get("download").asString());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
		Path pdf = Files.write(this.dir.resolve("report.pdf"), download.body());

		String text = pdftotext(pdf);
		assertThat(text).contains("Compliance report", "SOC 2 (Trust Services Criteria)", "Period:",
				"Score: " + percent(this.soc2.get("implementedShare").asDouble()) + "% of controls implemented",
				"Controls and their evidence", "Audit log snapshot of the period", "Signed checkpoint at the start",
				"consistency proof", "Active user accounts", "Raw check results", "CC6.1, CC6.7",
				"Attested IMPLEMENTED by");
		// gaps come before the controls, and name every control that is not implemented
		List<String> gaps = gaps();
		assertThat(gaps).contains(MFA, "soc2-cc6.1-encryption-at-rest").doesNotContain(POLICIES);
		assertThat(text.indexOf("GAPS: " + gaps.size() + " control(s) not implemented"))
			.isLessThan(text.indexOf("Controls and their evidence"))
			.isNotNegative();
		String gapsSection = text.substring(0, text.indexOf("Controls and their evidence"));
		assertThat(gapsSection).contains(this.noTotpAdmin, "disk-encryption: CANNOT_VERIFY")
			.doesNotContain(POLICIES + ":");
		for (String gap : gaps) {
			assertThat(gapsSection).contains(gap + ":");
		}
		String[] pages = text.split("\f");
		List<String> nonEmpty = new ArrayList<>();
		for (String page : pages) {
			if (!page.isBlank()) {
				nonEmpty.add(page);
			}
		}
		assertThat(nonEmpty).hasSizeGreaterThan(1)
			.allSatisfy((page) -> assertThat(page).contains("Self-reported compliance. Third-party audit required.")
				.contains(done.get("sha256").asString().substring(0, 16)));

		String key = this.admin.get("/api/v1/ledger/key").body();
		assertThat(verify(pdf, key)).startsWith("0 INTACT: compliance report " + done.get("id").asString() + " (pdf)");

		// a gap turned into an implemented control, same length, in the attached report
		byte[] bytes = download.body();
		String latin = new String(bytes, StandardCharsets.ISO_8859_1);
		int at = latin.indexOf("\"state\":\"NOT_STARTED\"");
		assertThat(at).isPositive();
		byte[] tampered = bytes.clone();
		System.arraycopy("\"state\":\"IMPLEMENTED\"".getBytes(StandardCharsets.US_ASCII), 0, tampered, at, 21);
		Path edited = Files.write(this.dir.resolve("edited.pdf"), tampered);
		assertThat(verify(edited, key)).startsWith("1 TAMPERED: REPORT_HASH");

		await().atMost(Duration.ofSeconds(30)).until(() -> mail.getReceivedMessages().length > 0);
		MimeMessage message = mail.getReceivedMessages()[0];
		assertThat(message.getAllRecipients()[0].toString()).isEqualTo("auditor@example.test");
		assertThat(message.getFrom()[0].toString()).isEqualTo("reports@example.test");
		Multipart parts = (Multipart) message.getContent();
		BodyPart attachment = parts.getBodyPart(1);
		assertThat(attachment.getFileName()).endsWith(".pdf");
		byte[] attached = attachment.getInputStream().readAllBytes();
		assertThat(attached).isEqualTo(download.body());
		assertThat(GreenMailUtil.getBody(parts.getBodyPart(0))).contains(done.get("sha256").asString());
		assertThat(awaitReady(done.get("id").asString()).get("emailState").asString()).isEqualTo("sent");
	}

	@Test
	void jsonReportIsTheSignedEnvelopeAndVerifiesOfflineAndATamperedCopyDoesNot() throws Exception {
		JsonNode done = awaitReady(request("json", null).get("id").asString());
		HttpResponse<byte[]> download = this.admin.getBytes(done.get("download").asString());
		assertThat(download.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode envelope = JSON.readTree(download.body());
		JsonNode body = envelope.get("report");
		assertThat(envelope.get("format").asString()).isEqualTo("countersign-compliance-report/1");
		assertThat(envelope.get("reportSha256").asString()).isEqualTo(done.get("sha256").asString());
		assertThat(body.get("disclaimer").asString())
			.isEqualTo("Self-reported compliance. Third-party audit required.");
		assertThat(body.get("gaps")).extracting((gap) -> gap.get("control").asString())
			.containsExactlyInAnyOrderElementsOf(gaps());
		assertThat(body.get("controls")).hasSize(this.soc2.get("controls").size());
		assertThat(body.get("score").get("implementedPercent").asString())
			.isEqualTo(percent(this.soc2.get("implementedShare").asDouble()));
		assertThat(body.get("accounts").get("admins").asLong()).isPositive();
		assertThat(body.get("auditSnapshot").get("eventCounts").get("report.test").asLong()).isGreaterThanOrEqualTo(3);
		JsonNode mfa = null;
		for (JsonNode check : body.get("checks")) {
			mfa = "admin-mfa".equals(check.get("check").asString()) ? check : mfa;
		}
		assertThat(mfa).isNotNull();
		assertThat(mfa.get("outcome").asString()).isEqualTo("FAILED");
		assertThat(mfa.get("facts").get("passwordWithoutTotp").toString()).contains(this.noTotpAdmin);
		for (JsonNode control : body.get("controls")) {
			if (control.get("id").asString().equals(POLICIES)) {
				assertThat(control.get("evidence").get("attestation").get("owner").asString()).isEqualTo("CISO");
			}
		}

		String key = this.admin.get("/api/v1/ledger/key").body();
		Path json = Files.write(this.dir.resolve("report.json"), download.body());
		assertThat(verify(json, key)).startsWith("0 INTACT: compliance report").contains("(json)");
		String text = new String(download.body(), StandardCharsets.UTF_8);
		Path edited = Files.writeString(this.dir.resolve("edited.json"),
				text.replaceFirst("\"admins\": \\d+", "\"admins\": 0"));
		assertThat(verify(edited, key)).startsWith("1 TAMPERED: REPORT_HASH");
	}

	@Test
	void oscalReportHasTheAssessmentResultsModelAndCarriesTheSignedReport() throws Exception {
		JsonNode done = awaitReady(request("oscal", null).get("id").asString());
		HttpResponse<byte[]> download = this.admin.getBytes(done.get("download").asString());
		JsonNode results = JSON.readTree(download.body()).get("assessment-results");
		for (String required : List.of("uuid", "metadata", "import-ap", "results")) {
			assertThat(results.has(required)).as(required).isTrue();
		}
		for (String required : List.of("title", "last-modified", "version", "oscal-version")) {
			assertThat(results.get("metadata").has(required)).as(required).isTrue();
		}
		JsonNode result = results.get("results").get(0);
		for (String required : List.of("uuid", "title", "description", "start", "reviewed-controls")) {
			assertThat(result.has(required)).as(required).isTrue();
		}
		List<String> states = new ArrayList<>();
		result.get("findings")
			.forEach((finding) -> states.add(finding.get("target").get("target-id").asString() + "="
					+ finding.get("target").get("status").get("state").asString()));
		assertThat(states).hasSize(this.soc2.get("controls").size())
			.contains(MFA + "=not-satisfied", POLICIES + "=satisfied", "soc2-cc6.1-encryption-at-rest=not-satisfied");
		for (String gap : gaps()) {
			assertThat(states).contains(gap + "=not-satisfied");
		}

		String key = this.admin.get("/api/v1/ledger/key").body();
		Path oscal = Files.write(this.dir.resolve("oscal.json"), download.body());
		assertThat(verify(oscal, key)).startsWith("0 INTACT: compliance report").contains("(oscal)");
		// what an OSCAL reader reads, the findings, must say what the signed report says
		String text = new String(download.body(), StandardCharsets.UTF_8);
		Path edited = Files.writeString(this.dir.resolve("edited-oscal.json"),
				text.replaceFirst("\"state\": \"not-satisfied\"", "\"state\": \"satisfied\""));
		assertThat(verify(edited, key)).startsWith("1 TAMPERED: REPORT_CONTENT: the OSCAL finding for");
	}

	@Test
	void badRequestsAreRefusedBeforeAnythingIsWritten() {
		assertThat(post("{\"framework\":\"soc2\",\"from\":\"2026-01-01\",\"to\":\"2026-02-01\",\"format\":\"docx\"}")
			.statusCode()).isEqualTo(400);
		assertThat(post("{\"framework\":\"iso27001\",\"from\":\"2026-01-01\",\"to\":\"2026-02-01\"}").statusCode())
			.isEqualTo(404);
		assertThat(post("{\"framework\":\"soc2\",\"from\":\"2026-02-01\",\"to\":\"2026-01-01\"}").statusCode())
			.isEqualTo(400);
		assertThat(
				post("{\"framework\":\"soc2\",\"from\":\"2026-01-01\",\"to\":\"2999-01-01T00:00:00Z\"}").statusCode())
			.isEqualTo(400);
		assertThat(post("{\"framework\":\"soc2\",\"from\":\"yesterday\",\"to\":\"2026-01-01\"}").body())
			.contains("ERR_VALIDATION");
		assertThat(this.admin.get("/api/v1/compliance/reports/no-such-report").statusCode()).isEqualTo(404);
		assertThat(this.api.get("/api/v1/compliance/reports/no-such-report").statusCode()).isEqualTo(401);
	}

	/** The ids of the framework's controls that are not implemented. */
	private List<String> gaps() {
		List<String> gaps = new ArrayList<>();
		this.soc2.get("controls").forEach((control) -> {
			if (!control.get("state").asString().equals("IMPLEMENTED")) {
				gaps.add(control.get("id").asString());
			}
		});
		return gaps;
	}

	private String state(String control) {
		for (JsonNode each : this.soc2.get("controls")) {
			if (each.get("id").asString().equals(control)) {
				return each.get("state").asString();
			}
		}
		throw new AssertionError("no control " + control);
	}

	private static String percent(double share) {
		return String.format(Locale.ROOT, "%.1f", share * 100);
	}

	private HttpResponse<String> post(String body) {
		return this.admin.post("/api/v1/compliance/reports", "application/json", body);
	}

	private JsonNode request(String format, String email) {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		HttpResponse<String> response = post("{\"framework\":\"soc2\",\"from\":\"" + today.minusDays(90)
				+ "\",\"to\":\"" + today + "\",\"format\":\"" + format + "\""
				+ ((email == null) ? "" : ",\"email\":\"" + email + "\"") + "}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(response.headers().firstValue("Location")).isPresent();
		return JSON.readTree(response.body());
	}

	private JsonNode awaitReady(String id) {
		List<Integer> seen = new ArrayList<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
			JsonNode job = JSON.readTree(this.admin.get("/api/v1/compliance/reports/" + id).body());
			seen.add(job.get("progress").asInt());
			assertThat(job.get("state").asString()).as(job.toString()).isNotEqualTo("failed");
			return "ready".equals(job.get("state").asString()) && (!job.has("email") || job.has("emailState"));
		});
		// progress never goes back
		assertThat(seen).isSorted();
		return JSON.readTree(this.admin.get("/api/v1/compliance/reports/" + id).body());
	}

	private static String pdftotext(Path pdf) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("pdftotext", "-layout", pdf.toString(), "-").redirectErrorStream(true)
			.start();
		String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(text).isZero();
		return text;
	}

	/**
	 * The exit status and output of
	 * {@code java -jar countersign-ledger.jar <file> --key}.
	 */
	private static String verify(Path file, String key) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = OfflineVerifier.run(new String[] { file.toString(), "--key", key },
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
		return status + " " + out.toString(StandardCharsets.UTF_8);
	}

}
