package io.countersign.server.compliance.internal.reports;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import io.countersign.ledger.json.Json;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.ledger.report.ReportEnvelope;
import io.countersign.ledger.report.ReportFormat;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A report as a PDF for people: gaps first, then every control with its evidence, the
 * audit snapshot, the counts and how to verify; the disclaimer and the report's SHA-256
 * on every page. The signed envelope rides along as an attachment, stored uncompressed on
 * one line, which is what {@code java -jar countersign-ledger.jar report.pdf} checks
 * (decision 029): the pages are a rendering of it, not the evidence.
 */
final class PdfReport {

	private static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);

	private static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

	private static final float MARGIN = 50;

	private static final float BOTTOM = 70;

	private static final Color RED = new Color(170, 20, 20);

	private final PDDocument document = new PDDocument();

	private PDPageContentStream content;

	private float y;

	private PdfReport() {
	}

	@SuppressWarnings("unchecked")
	static byte[] render(Map<String, Object> envelope) {
		PdfReport pdf = new PdfReport();
		try (PDDocument document = pdf.document) {
			pdf.write((Map<String, Object>) envelope.get("report"), envelope);
			pdf.attach(ReportEnvelope.compact(envelope));
			pdf.footers((String) envelope.get("reportSha256"));
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out, CompressParameters.NO_COMPRESSION);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private void write(Map<String, Object> body, Map<String, Object> envelope) throws IOException {
		Map<String, Object> framework = (Map<String, Object>) body.get("framework");
		Map<String, Object> period = (Map<String, Object>) body.get("period");
		Map<String, Object> score = (Map<String, Object>) body.get("score");
		PDDocumentInformation info = this.document.getDocumentInformation();
		info.setTitle((String) body.get("title"));
		info.setProducer("Countersign");
		Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
		created.setTimeInMillis(java.time.Instant.parse((String) body.get("generatedAt")).toEpochMilli());
		info.setCreationDate(created);
		newPage();
		line(BOLD, 18, Color.BLACK, "Compliance report");
		line(BOLD, 14, Color.BLACK, (String) framework.get("name"));
		space(4);
		text("Framework: " + framework.get("id") + " (catalog version " + framework.get("catalogVersion") + ")");
		text("Report: " + body.get("id"));
		text("Date: " + body.get("generatedAt") + " (requested by " + body.get("requestedBy") + ")");
		text("Period: " + period.get("from") + " to " + period.get("to"));
		text("Controls last evaluated: " + framework.get("evaluatedAt"));
		text("Score: " + score.get("implementedPercent") + "% of controls implemented, " + score.get("weightedPercent")
				+ "% risk-weighted (" + score.get("implemented") + " implemented, " + score.get("in_progress")
				+ " in progress, " + score.get("not_started") + " not started, of " + score.get("controls") + ")");
		space(6);
		line(BOLD, 11, RED, ReportFormat.DISCLAIMER);
		space(10);

		List<Map<String, Object>> gaps = (List<Map<String, Object>>) body.get("gaps");
		line(BOLD, 14, RED, "GAPS: " + gaps.size() + " control(s) not implemented");
		if (gaps.isEmpty()) {
			text("None: every control of the framework counts as implemented.");
		}
		for (Map<String, Object> gap : gaps) {
			space(4);
			line(BOLD, 10, RED, "[" + gap.get("state") + "] " + gap.get("control") + ": " + gap.get("name")
					+ " (weight " + gap.get("weight") + ")");
			text("Why: " + gap.get("why"));
			text("Remedy: " + gap.get("remedy"));
			text("Docs: " + gap.get("docs"));
		}
		space(10);

		line(BOLD, 14, Color.BLACK, "Controls and their evidence");
		for (Map<String, Object> control : (List<Map<String, Object>>) body.get("controls")) {
			space(4);
			boolean gap = !"IMPLEMENTED".equals(control.get("state"));
			line(BOLD, 10, gap ? RED : Color.BLACK,
					"[" + control.get("state") + "] " + control.get("id") + ": " + control.get("name")
							+ (Boolean.TRUE.equals(control.get("automated")) ? " (automated)" : " (manual)"));
			text("References: " + String.join(", ", (List<String>) control.get("references")));
			text(String.valueOf(control.get("description")));
			Map<String, Object> evidence = (Map<String, Object>) control.get("evidence");
			for (Map<String, Object> check : (List<Map<String, Object>>) evidence.get("checks")) {
				text("Check " + check.get("check") + ": " + check.get("outcome") + " at " + check.get("checkedAt")
						+ ". " + check.get("explanation") + ledger((List<Object>) check.get("ledgerIndexes")));
			}
			if (evidence.get("attestation") instanceof Map<?, ?> attestation) {
				text("Attested " + attestation.get("state") + " by " + attestation.get("attestedBy") + " at "
						+ attestation.get("attestedAt") + ", owner " + attestation.get("owner") + ", until "
						+ attestation.get("expiresOn") + ": " + attestation.get("note"));
				for (Object file : (List<Object>) attestation.get("files")) {
					Map<?, ?> evidenceFile = (Map<?, ?>) file;
					text("Evidence file " + evidenceFile.get("name") + " SHA-256 " + evidenceFile.get("sha256"));
				}
			}
		}
		space(10);

		Map<String, Object> audit = (Map<String, Object>) body.get("auditSnapshot");
		line(BOLD, 14, Color.BLACK, "Audit log snapshot of the period");
		text("Events from " + audit.get("from") + " to " + audit.get("to") + ": " + audit.get("totalEvents"));
		for (Map.Entry<String, Object> count : ((Map<String, Object>) audit.get("eventCounts")).entrySet()) {
			text("  " + count.getKey() + ": " + count.getValue());
		}
		Checkpoint start = checkpoint((String) audit.get("startCheckpoint"));
		Checkpoint end = checkpoint((String) audit.get("endCheckpoint"));
		text("Signed checkpoint at the start: " + start.origin() + " size " + start.size() + " root " + start.root());
		text("Signed checkpoint at the end: " + end.origin() + " size " + end.size() + " root " + end.root());
		text("RFC 6962 consistency proof between them: " + ((List<?>) audit.get("consistencyProof")).size()
				+ " hash(es), in the attached signed report.");
		Map<String, Object> event = (Map<String, Object>) envelope.get("ledgerEvent");
		Checkpoint covering = checkpoint((String) envelope.get("checkpoint"));
		text("This report's SHA-256 is logged by ledger event " + event.get("index") + " (" + ReportFormat.EVENT_TYPE
				+ "), included under checkpoint size " + covering.size() + " root " + covering.root() + ".");
		space(10);

		Map<String, Object> accounts = (Map<String, Object>) body.get("accounts");
		line(BOLD, 14, Color.BLACK, "Accounts");
		text("Active user accounts: " + accounts.get("activeUsers") + "; active service accounts: "
				+ accounts.get("activeServiceAccounts") + "; archived: " + accounts.get("archived")
				+ "; holding admin: " + accounts.get("admins"));
		space(10);

		line(BOLD, 14, Color.BLACK, "Raw check results");
		for (Map<String, Object> check : (List<Map<String, Object>>) body.get("checks")) {
			text(check.get("check") + " " + check.get("outcome") + " " + Json.write(check.get("facts")));
		}
		space(10);

		line(BOLD, 14, Color.BLACK, "How to verify this report");
		text("This PDF carries the signed report as the attachment " + ReportFormat.ATTACHMENT
				+ ". Verify it offline with Java 17 or later: java -jar countersign-ledger.jar this-report.pdf --key "
				+ "'<the ledger verifier key from a channel you trust>'. It checks the signature over the report's "
				+ "SHA-256, both checkpoints, the consistency proof, and the inclusion of the report's own ledger "
				+ "event; the pages you read are a rendering of that signed report.");
		text("Verifier key carried by the report: " + envelope.get("verifierKey"));
		this.content.close();
	}

	private static String ledger(List<Object> indexes) {
		return indexes.isEmpty() ? "" : " Ledger entries: " + indexes + ".";
	}

	private static Checkpoint checkpoint(String note) {
		return Checkpoint.parse(SignedNote.parse(note).text());
	}

	private void attach(byte[] envelope) throws IOException {
		// stored as is (no filter): the offline verifier finds it without a PDF library
		PDEmbeddedFile file = new PDEmbeddedFile(this.document, new ByteArrayInputStream(envelope));
		file.setSubtype("application/json");
		file.setSize(envelope.length);
		PDComplexFileSpecification spec = new PDComplexFileSpecification();
		spec.setFile(ReportFormat.ATTACHMENT);
		spec.setFileUnicode(ReportFormat.ATTACHMENT);
		spec.setFileDescription("The signed report: verify with java -jar countersign-ledger.jar");
		spec.setEmbeddedFile(file);
		PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
		tree.setNames(Map.of(ReportFormat.ATTACHMENT, spec));
		PDDocumentNameDictionary names = new PDDocumentNameDictionary(this.document.getDocumentCatalog());
		names.setEmbeddedFiles(tree);
		this.document.getDocumentCatalog().setNames(names);
	}

	private void footers(String sha256) throws IOException {
		int pages = this.document.getNumberOfPages();
		for (int i = 0; i < pages; i++) {
			PDPage page = this.document.getPage(i);
			try (PDPageContentStream footer = new PDPageContentStream(this.document, page,
					PDPageContentStream.AppendMode.APPEND, true)) {
				footer.setNonStrokingColor(RED);
				show(footer, BOLD, 9, MARGIN, 40, ReportFormat.DISCLAIMER);
				footer.setNonStrokingColor(Color.DARK_GRAY);
				show(footer, REGULAR, 7, MARGIN, 28,
						"Report SHA-256 " + sha256 + " - page " + (i + 1) + " of " + pages);
			}
		}
	}

	private static void show(PDPageContentStream stream, PDType1Font font, float size, float x, float y, String text)
			throws IOException {
		stream.beginText();
		stream.setFont(font, size);
		stream.newLineAtOffset(x, y);
		stream.showText(encodable(font, text));
		stream.endText();
	}

	private void newPage() throws IOException {
		if (this.content != null) {
			this.content.close();
		}
		PDPage page = new PDPage(PDRectangle.A4);
		this.document.addPage(page);
		this.content = new PDPageContentStream(this.document, page);
		this.y = page.getMediaBox().getHeight() - MARGIN;
	}

	private void space(float points) {
		this.y -= points;
	}

	private void text(String text) throws IOException {
		line(REGULAR, 9, Color.BLACK, text);
	}

	/** Writes the text wrapped to the page width, breaking pages as needed. */
	private void line(PDType1Font font, float size, Color color, String text) throws IOException {
		float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
		for (String line : wrap(font, size, encodable(font, text), width)) {
			if (this.y - size * 1.3f < BOTTOM) {
				newPage();
			}
			this.y -= size * 1.3f;
			this.content.setNonStrokingColor(color);
			show(this.content, font, size, MARGIN, this.y, line);
		}
	}

	private static List<String> wrap(PDType1Font font, float size, String text, float width) throws IOException {
		List<String> lines = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String word : text.split(" ")) {
			String candidate = current.isEmpty() ? word : current + " " + word;
			if (font.getStringWidth(candidate) / 1000 * size <= width) {
				current.setLength(0);
				current.append(candidate);
				continue;
			}
			if (!current.isEmpty()) {
				lines.add(current.toString());
				current.setLength(0);
			}
			// a word longer than the line (a hash, a key) is cut where it must be
			String rest = word;
			while (font.getStringWidth(rest) / 1000 * size > width) {
				int cut = rest.length() - 1;
				while (cut > 1 && font.getStringWidth(rest.substring(0, cut)) / 1000 * size > width) {
					cut--;
				}
				lines.add(rest.substring(0, cut));
				rest = rest.substring(cut);
			}
			current.append(rest);
		}
		lines.add(current.toString());
		return lines;
	}

	/** The text with every character the standard font cannot show replaced by '?'. */
	private static String encodable(PDType1Font font, String text) {
		StringBuilder out = new StringBuilder(text.length());
		text.codePoints().forEach((codePoint) -> {
			String character = (codePoint == '\n' || codePoint == '\t') ? " " : Character.toString(codePoint);
			try {
				font.encode(character);
				out.append(character);
			}
			catch (IOException | IllegalArgumentException ex) {
				out.append('?');
			}
		});
		return out.toString();
	}

}
