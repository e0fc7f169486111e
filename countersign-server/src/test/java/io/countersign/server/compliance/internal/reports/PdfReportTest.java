package io.countersign.server.compliance.internal.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.countersign.ledger.Hash;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.evidence.ProvenEntry;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.NoteSigner;
import io.countersign.ledger.report.ReportEnvelope;
import io.countersign.ledger.report.ReportFormat;
import io.countersign.server.access.People.AccountCounts;
import io.countersign.server.compliance.Attestation;
import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.compliance.CheckResult;
import io.countersign.server.compliance.ControlState;
import io.countersign.server.compliance.ControlStatus;
import io.countersign.server.compliance.FrameworkStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PDF as a reader sees it (through poppler's {@code pdftotext}): long hashes and keys
 * wrapped onto the page, characters the standard font lacks shown as '?', and the signed
 * envelope attached verbatim, once.
 */
class PdfReportTest {

	private static final NoteSigner SIGNER = NoteSigner.generate("countersign.test/ledger");

	@TempDir
	Path dir;

	static final Instant EVALUATED = Instant.parse("2026-12-01T06:00:00Z");

	/**
	 * A framework with a gap that failed, one cannot be verified, and an attested one.
	 */
	static final FrameworkStatus SOC2 = new FrameworkStatus("soc2", "SOC 2 (Trust Services Criteria)", "2026.1",
			1 / 3.0, 0.5,
			List.of(new ControlStatus("soc2-cc6.1-access-review", "Access reviewed every 90 days",
					"Role grants are reviewed at least every 90 days.", List.of("CC6.2", "CC6.3"), true,
					ControlState.NOT_STARTED, 3, "Record an access review (docs/compliance.md).",
					"https://countersign.example/docs/compliance#access-review",
					List.of(new CheckResult("access-review", CheckOutcome.FAILED,
							"No access review was recorded in the last 90 days.",
							Map.of("lastReview", "never", "windowDays", 90, "ratio", 0.25), List.of(), EVALUATED)),
					Optional.empty()),
					new ControlStatus("soc2-cc6.1-mfa", "MFA for every admin",
							"Every account holding admin signs in with a second factor ≥ TOTP.",
							List.of("CC6.1", "§164.312(d)"), true, ControlState.IMPLEMENTED, 2,
							"Enrol TOTP for every admin.", "https://countersign.example/docs/compliance#mfa",
							List.of(new CheckResult("admin-mfa", CheckOutcome.PASSED, "2 of 2 admins enrolled in TOTP.",
									Map.of("admins", 2, "enrolled", 2), List.of(4L), EVALUATED)),
							Optional.empty()),
					new ControlStatus("soc2-cc6.7-disk-encryption", "Database disk encrypted",
							"The database host encrypts its disks at rest.", List.of("CC6.7"), false,
							ControlState.IN_PROGRESS, 1, "Encrypt the database volume and attest it.",
							"https://countersign.example/docs/compliance#disk-encryption",
							List.of(new CheckResult("disk-encryption", CheckOutcome.CANNOT_VERIFY,
									"Cannot verify automatically: the database host's disks are not visible.", Map.of(),
									List.of(), EVALUATED)),
							Optional.of(new Attestation(ControlState.IN_PROGRESS, "Volume migration scheduled",
									"ops-lead", LocalDate.parse("2027-03-01"), "admin", EVALUATED,
									List.of(new Attestation.EvidenceFile("f1", "plan.pdf", "application/pdf", 1234,
											"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")),
									Optional.of(7L))))),
			EVALUATED);

	@Test
	void pagesHoldEverythingReadableAndTheAttachmentIsTheEnvelopeVerbatim() throws Exception {
		Map<String, Object> envelope = envelope();
		byte[] pdf = PdfReport.render(envelope);
		Path file = Files.write(this.dir.resolve("report.pdf"), pdf);
		String text = pdftotext(file);
		assertThat(text).contains("GAPS: 2 control(s) not implemented", "second factor ? TOTP",
				"Signed checkpoint at the end: countersign.test/ledger size 20",
				"ledger event 25 (compliance_report_generated)", "Events from", "app.login: 12345");
		// nothing runs off the page: every line fits the width pdftotext lays out
		assertThat(text.lines()).allSatisfy((line) -> assertThat(line.length()).isLessThan(160));
		String bytes = new String(pdf, StandardCharsets.ISO_8859_1);
		String attached = new String(ReportEnvelope.compact(envelope), StandardCharsets.ISO_8859_1);
		assertThat(bytes.indexOf(attached)).isPositive();
		assertThat(bytes.indexOf(attached, bytes.indexOf(attached) + 1)).isNegative();
	}

	static Map<String, Object> envelope() {
		Map<String, Object> body = ReportContent.body("rep-1", SOC2, Instant.parse("2026-09-01T00:00:00Z"),
				Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-12-01T07:00:00Z"), "admin",
				new AccountCounts(7, 2, 1, 2),
				new ReportContent.Snapshot(Instant.parse("2026-09-01T00:00:00Z"), Instant.parse("2026-11-30T00:00:00Z"),
						Map.of("app.login", 12345L, "authz_fail", 3L), note(10), note(20),
						List.of(Hash.of(new byte[32]), Hash.of(new byte[32]))));
		String sha256 = ReportFormat.bodySha256(body);
		Event event = new Event(Event.newId(), Instant.parse("2026-12-01T07:00:00Z"), ReportFormat.EVENT_TYPE,
				new Actor("admin", "user"), Optional.of("generate"),
				Optional.of(new Resource(ReportFormat.RESOURCE_TYPE, "rep-1")), Outcome.SUCCESS, Optional.empty(),
				Optional.empty(), Map.of(), Map.of("report_sha256", sha256), Event.newNonce());
		return ReportEnvelope.of(body, SIGNER.sign(ReportFormat.signatureText("rep-1", sha256)),
				new ProvenEntry(25, event.leaf(), List.of(Hash.of(new byte[32]))), note(30), List.of(),
				SIGNER.verifierKey());
	}

	private static String note(long size) {
		return SIGNER.sign(new Checkpoint(SIGNER.verifierKey().name(), size, Hash.of(new byte[32])).body());
	}

	static String pdftotext(Path pdf) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("pdftotext", "-layout", pdf.toString(), "-").redirectErrorStream(true)
			.start();
		String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(text).isZero();
		return text;
	}

}
