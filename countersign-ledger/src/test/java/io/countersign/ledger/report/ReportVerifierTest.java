package io.countersign.ledger.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.countersign.ledger.json.Json;
import io.countersign.ledger.note.NoteSigner;
import io.countersign.ledger.testing.TestLedger;
import io.countersign.ledger.verify.OfflineVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed report verifies offline through {@code java -jar countersign-ledger.jar} (exit
 * 0), and every way of altering it is named (exit 1): its body, its signature, its
 * checkpoints and proofs, its ledger event, a hidden gap, in each carrier.
 */
class ReportVerifierTest {

	private final SignedReports reports = new SignedReports();

	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	@Test
	void untouchedReportIsIntactWithAndWithoutAPinnedKey() throws IOException {
		Path report = write("report.json", ReportEnvelope.indented(this.reports.envelope("rep_1")));
		assertThat(run(report.toString())).isZero();
		assertThat(out()).startsWith("INTACT: compliance report rep_1 (json), framework soc2")
			.contains("2 control(s), 1 gap(s)")
			.contains("from checkpoint size 10 to size 20")
			.contains("ledger event 20 proven under checkpoint countersign.test/ledger size 25")
			.contains("not pinned");
		assertThat(run(report.toString(), "--key", this.reports.ledger.signer.verifierKey().encoded())).isZero();
		assertThat(out()).contains("signed by the pinned key");
	}

	@Test
	void reportSignedByAnotherKeyThanThePinnedOneIsTampered() throws IOException {
		Path report = write("report.json", ReportEnvelope.indented(this.reports.envelope("rep_1")));
		String other = NoteSigner.generate("countersign.test/ledger").verifierKey().encoded();
		assertThat(run(report.toString(), "--key", other)).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: REPORT_SIGNATURE");
	}

	@Test
	void aGapTurnedIntoAnImplementedControlIsCaughtByTheHash() throws IOException {
		Map<String, Object> envelope = this.reports.envelope("rep_1");
		Map<String, Object> body = SignedReports.copy(body(envelope));
		body.put("controls", List.of(Map.of("id", "soc2-mfa", "state", "IMPLEMENTED", "weight", 3L),
				Map.of("id", "soc2-review", "state", "IMPLEMENTED", "weight", 2L)));
		body.put("gaps", List.of());
		envelope.put("report", body);
		assertThat(verify(envelope)).startsWith("TAMPERED: REPORT_HASH");
		// the forger restates the hash: the signature and the ledger event still name the
		// old one
		envelope.put("reportSha256", ReportFormat.bodySha256(body));
		assertThat(verify(envelope)).startsWith("TAMPERED: REPORT_SIGNATURE");
	}

	@Test
	void aForgerWithoutTheKeyCannotResignNorRelogTheReport() throws IOException {
		Map<String, Object> envelope = this.reports.envelope("rep_1");
		Map<String, Object> body = SignedReports.copy(body(envelope));
		body.put("gaps", List.of());
		String sha256 = ReportFormat.bodySha256(body);
		envelope.put("report", body);
		envelope.put("reportSha256", sha256);
		NoteSigner forger = NoteSigner.generate("countersign.test/ledger");
		envelope.put("signature", forger.sign(ReportFormat.signatureText("rep_1", sha256)));
		assertThat(verify(envelope, this.reports.ledger.signer.verifierKey().encoded()))
			.startsWith("TAMPERED: REPORT_SIGNATURE");
	}

	@Test
	void aReportSignedByTheServerThatHidesAGapIsStillRejected() throws IOException {
		Map<String, Object> envelope = this.reports.envelope(SignedReports.body("rep_2", false, this.reports.ledger),
				"rep_2");
		assertThat(verify(envelope)).startsWith("TAMPERED: REPORT_CONTENT").contains("not listed as gaps: soc2-review");
	}

	@Test
	void anotherLedgerEventOrAnAlteredProofIsNotTheReportsEvent() throws IOException {
		Map<String, Object> envelope = this.reports.envelope("rep_1");
		Map<String, Object> event = new LinkedHashMap<>(map(envelope.get("ledgerEvent")));
		// a real entry of the log, with its real proof: proven, but it is not this report
		Map<String, Object> other = this.reports.envelope("rep_other");
		envelope.put("ledgerEvent", other.get("ledgerEvent"));
		envelope.put("checkpoint", other.get("checkpoint"));
		envelope.put("consistencyFromSnapshotEnd", other.get("consistencyFromSnapshotEnd"));
		assertThat(verify(envelope)).startsWith("TAMPERED: LEDGER_EVENT").contains("does not log report rep_1");

		Map<String, Object> fresh = this.reports.envelope("rep_3");
		event = new LinkedHashMap<>(map(fresh.get("ledgerEvent")));
		event.put("index", (Long) event.get("index") + 1);
		fresh.put("ledgerEvent", event);
		assertThat(verify(fresh)).startsWith("TAMPERED: INCLUSION_PROOF");
	}

	@Test
	void checkpointsOfAnotherLogOrAnAlteredConsistencyProofAreRejected() throws IOException {
		Map<String, Object> envelope = this.reports.envelope("rep_1");
		envelope.put("consistencyFromSnapshotEnd", List.of(Base64.getEncoder().encodeToString(new byte[32])));
		assertThat(verify(envelope)).startsWith("TAMPERED: CONSISTENCY_PROOF");

		Map<String, Object> other = this.reports.envelope("rep_4");
		TestLedger fork = new TestLedger(30);
		other.put("checkpoint", fork.checkpoint(NoteSigner.generate("x"), 30, fork.root(30)).note());
		assertThat(verify(other)).startsWith("TAMPERED: CHECKPOINT_SIGNATURE");
	}

	@Test
	void aReportInsideAPdfVerifiesAndAnEditedOneDoesNot() throws IOException {
		byte[] envelope = ReportEnvelope.compact(this.reports.envelope("rep_1"));
		Path pdf = write("report.pdf", pdf(envelope));
		assertThat(run(pdf.toString())).isZero();
		assertThat(out()).startsWith("INTACT: compliance report rep_1 (pdf)");

		String text = new String(envelope, StandardCharsets.UTF_8).replace("NOT_STARTED", "IMPLEMENTED");
		assertThat(run(write("edited.pdf", pdf(text.getBytes(StandardCharsets.UTF_8))).toString())).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: REPORT_HASH");

		byte[] twice = new byte[envelope.length * 2];
		System.arraycopy(envelope, 0, twice, 0, envelope.length);
		System.arraycopy(envelope, 0, twice, envelope.length, envelope.length);
		assertThat(run(write("twice.pdf", pdf(twice)).toString())).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: REPORT_MALFORMED: the PDF carries more than one");

		assertThat(run(write("none.pdf", pdf(new byte[0])).toString())).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: REPORT_MALFORMED: the PDF carries no signed report");
	}

	@Test
	void aReportInsideAnOscalDocumentVerifiesAndItsFindingsMustSayWhatTheSignedReportSays() throws IOException {
		byte[] envelope = ReportEnvelope.compact(this.reports.envelope("rep_1"));
		assertThat(run(oscal(envelope, "satisfied", "not-satisfied").toString())).isZero();
		assertThat(out()).startsWith("INTACT: compliance report rep_1 (oscal)");

		// the findings are what an OSCAL reader reads: a gap shown as satisfied is caught
		assertThat(run(oscal(envelope, "satisfied", "satisfied").toString())).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: REPORT_CONTENT: the OSCAL finding for soc2-review says satisfied");
	}

	private Path oscal(byte[] envelope, String mfa, String review) throws IOException {
		Map<String, Object> oscal = Map.of("assessment-results",
				Map.of("uuid", "x", "results",
						List.of(Map.of("uuid", "r", "findings",
								List.of(finding("soc2-mfa", mfa), finding("soc2-review", review)))),
						"back-matter", Map.of("resources", List.of(Map.of("uuid", "y", "base64", Map.of("filename",
								ReportFormat.ATTACHMENT, "value", Base64.getEncoder().encodeToString(envelope)))))));
		return write("oscal.json", Json.write(oscal).getBytes(StandardCharsets.UTF_8));
	}

	private static Map<String, Object> finding(String control, String state) {
		return Map.of("uuid", control, "target",
				Map.of("type", "objective-id", "target-id", control, "status", Map.of("state", state)));
	}

	@Test
	void notJsonIsTamperedAndAMissingFileIsAnError() throws IOException {
		assertThat(run(write("broken.json", "{\"format\":".getBytes(StandardCharsets.UTF_8)).toString())).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: REPORT_MALFORMED");
		assertThat(run(this.dir.resolve("absent.json").toString())).isEqualTo(2);
	}

	// Enough of a PDF for the verifier: it looks for the attachment's bytes, not the
	// structure (the real PDF is checked in the server's report tests).
	private static byte[] pdf(byte[] attachment) {
		ByteArrayOutputStream pdf = new ByteArrayOutputStream();
		pdf.writeBytes("%PDF-1.7\n1 0 obj\n<< /Type /EmbeddedFile >>\nstream\n".getBytes(StandardCharsets.US_ASCII));
		pdf.writeBytes(attachment);
		pdf.writeBytes("endstream\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
		return pdf.toByteArray();
	}

	private String verify(Map<String, Object> envelope, String... args) throws IOException {
		Path report = write("report.json", ReportEnvelope.indented(envelope));
		String[] all = new String[args.length == 0 ? 1 : 3];
		all[0] = report.toString();
		if (args.length > 0) {
			all[1] = "--key";
			all[2] = args[0];
		}
		assertThat(run(all)).isEqualTo(1);
		return out();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> body(Map<String, Object> envelope) {
		return (Map<String, Object>) envelope.get("report");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	private Path write(String name, byte[] bytes) throws IOException {
		return Files.write(this.dir.resolve(name), bytes);
	}

	private int run(String... args) {
		this.out.reset();
		return OfflineVerifier.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
	}

	private String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

}
