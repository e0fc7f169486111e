package io.countersign.server.compliance.internal.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
import io.countersign.server.compliance.FixedComplianceStatus;
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
		Map<String, Object> body = ReportContent.body("rep-1", FixedComplianceStatus.SOC2,
				Instant.parse("2026-09-01T00:00:00Z"), Instant.parse("2026-11-30T00:00:00Z"),
				Instant.parse("2026-12-01T07:00:00Z"), "admin", new AccountCounts(7, 2, 1, 2),
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
