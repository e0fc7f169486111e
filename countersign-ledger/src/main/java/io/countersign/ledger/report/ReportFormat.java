package io.countersign.ledger.report;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import io.countersign.ledger.json.CanonicalJson;

/**
 * The signed compliance report (docs/compliance.md, "Reports"; decision 029): what the
 * server writes and the offline verifier checks.
 *
 * <p>
 * Three layers, so that nothing has to contain its own hash: the report <em>body</em>
 * (framework, period, controls, checks, counts, the audit snapshot with its two
 * checkpoints and their consistency proof); the body's SHA-256 over its RFC 8785 form,
 * which a {@value #EVENT_TYPE} ledger event binds and a signed note signs; and the
 * <em>envelope</em>, which carries the body, that signature, the event's leaf with its
 * inclusion proof under a later checkpoint, and a consistency proof from the snapshot's
 * end checkpoint to that one.
 */
public final class ReportFormat {

	/** The envelope's {@code format} member, first in every envelope written. */
	public static final String FORMAT = "countersign-compliance-report/1";

	/** Stated in every report and on every page of its PDF. */
	public static final String DISCLAIMER = "Self-reported compliance. Third-party audit required.";

	/** The ledger event that binds a report's SHA-256. */
	public static final String EVENT_TYPE = "compliance_report_generated";

	/** The resource type of that event; the resource id is the report id. */
	public static final String RESOURCE_TYPE = "compliance_report";

	/**
	 * The signed envelope's name as a PDF attachment and an OSCAL back-matter resource.
	 */
	public static final String ATTACHMENT = "countersign-report.json";

	/**
	 * The first line of the signed note over a report. It holds spaces, which a key name
	 * (and so a checkpoint's origin) never does: no report signature reads as a
	 * checkpoint.
	 */
	public static final String SIGNATURE_HEADER = "countersign compliance report v1";

	private ReportFormat() {
	}

	/** The text the ledger key signs for a report: header, report id, body SHA-256. */
	public static String signatureText(String reportId, String bodySha256) {
		if (reportId.isEmpty() || reportId.contains("\n") || !bodySha256.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("a report id is one line and its SHA-256 64 lower-case hex digits");
		}
		return SIGNATURE_HEADER + "\n" + reportId + "\n" + bodySha256 + "\n";
	}

	/** SHA-256 (hex) of the body's RFC 8785 canonical JSON. */
	public static String bodySha256(Map<String, Object> body) {
		return sha256(CanonicalJson.canonicalize(body));
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform must provide SHA-256", ex);
		}
	}

}
