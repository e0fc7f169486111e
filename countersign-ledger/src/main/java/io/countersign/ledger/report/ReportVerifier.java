package io.countersign.ledger.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.Hash;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.json.JsonException;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.ledger.verify.CanonicalLeaf;
import io.countersign.ledger.verify.OpenedCheckpoint;
import io.countersign.ledger.verify.SignedCheckpoint;

/**
 * Checks a signed compliance report offline, trusting only the ledger's verifier key: the
 * signed note over the body's SHA-256, both snapshot checkpoints and the consistency
 * proof between them, the report's own ledger event (its inclusion proof under a third
 * checkpoint, consistent with the snapshot's end, and that it binds this body's SHA-256),
 * that every control not implemented is listed as a gap, and the disclaimer. The report
 * travels as the envelope JSON, inside a PDF (an attachment stored uncompressed) or in an
 * OSCAL assessment-results document (a base64 back-matter resource).
 */
public final class ReportVerifier {

	private static final byte[] MARKER = ("{\"format\":\"" + ReportFormat.FORMAT + "\"")
		.getBytes(StandardCharsets.UTF_8);

	private ReportVerifier() {
	}

	/** Whether the file looks like a report carrier: a PDF, or JSON. */
	public static boolean isReport(byte[] head) {
		int i = 0;
		while (i < head.length && Character.isWhitespace(head[i])) {
			i++;
		}
		return startsWith(head, "%PDF-".getBytes(StandardCharsets.US_ASCII), 0) || (i < head.length && head[i] == '{');
	}

	/**
	 * Verifies the report with the pinned key when given, else with the key it carries.
	 */
	public static ReportResult verify(byte[] file, Optional<VerifierKey> pinnedKey) {
		try {
			if (startsWith(file, "%PDF-".getBytes(StandardCharsets.US_ASCII), 0)) {
				return verify(fromPdf(file), pinnedKey, "pdf");
			}
			Object document = Json.parse(new String(file, StandardCharsets.UTF_8));
			if (document instanceof Map<?, ?> map && map.containsKey("assessment-results")) {
				Object envelope = fromOscal(map);
				ReportResult result = verify(envelope, pinnedKey, "oscal");
				if (result instanceof ReportResult.Intact) {
					findingsAgree(map, map(map(envelope, "the envelope").get("report"), "report"));
				}
				return result;
			}
			return verify(document, pinnedKey, "json");
		}
		catch (Rejected ex) {
			return ex.result;
		}
		catch (JsonException ex) {
			return new ReportResult.Tampered(ReportFailure.REPORT_MALFORMED, "not JSON: " + ex.getMessage());
		}
	}

	private static ReportResult verify(Object document, Optional<VerifierKey> pinnedKey, String carrier)
			throws Rejected {
		Map<?, ?> envelope = map(document, "the envelope");
		if (!ReportFormat.FORMAT.equals(envelope.get("format"))) {
			throw malformed("format is not " + ReportFormat.FORMAT);
		}
		VerifierKey key;
		try {
			key = pinnedKey.isPresent() ? pinnedKey.get() : VerifierKey.parse(string(envelope, "verifierKey"));
		}
		catch (IllegalArgumentException ex) {
			throw malformed("verifierKey: " + ex.getMessage());
		}
		Map<?, ?> body = map(envelope.get("report"), "report");
		@SuppressWarnings("unchecked")
		String sha256 = ReportFormat.bodySha256((Map<String, Object>) body);
		if (!sha256.equals(envelope.get("reportSha256"))) {
			throw new Rejected(ReportFailure.REPORT_HASH, "the report body hashes to " + sha256 + ", not to the "
					+ envelope.get("reportSha256") + " the envelope states: the body was altered");
		}
		String reportId = string(body, "id");
		signature(string(envelope, "signature"), key, reportId, sha256);

		Map<?, ?> snapshot = map(body.get("auditSnapshot"), "report.auditSnapshot");
		Checkpoint start = checkpoint(string(snapshot, "startCheckpoint"), key, "the snapshot's start checkpoint");
		Checkpoint end = checkpoint(string(snapshot, "endCheckpoint"), key, "the snapshot's end checkpoint");
		consistent(start, end, hashes(snapshot.get("consistencyProof"), "report.auditSnapshot.consistencyProof"),
				"start", "end");
		Checkpoint checkpoint = checkpoint(string(envelope, "checkpoint"), key, "the checkpoint of the report event");
		consistent(end, checkpoint, hashes(envelope.get("consistencyFromSnapshotEnd"), "consistencyFromSnapshotEnd"),
				"snapshot end", "report event's");
		long index = event(map(envelope.get("ledgerEvent"), "ledgerEvent"), checkpoint, reportId, sha256);

		content(body);
		Map<?, ?> framework = map(body.get("framework"), "report.framework");
		Map<?, ?> period = map(body.get("period"), "report.period");
		List<?> controls = list(body.get("controls"), "report.controls");
		List<?> gaps = list(body.get("gaps"), "report.gaps");
		return new ReportResult.Intact(reportId, string(framework, "id"), string(period, "from"), string(period, "to"),
				controls.size(), gaps.size(), index, start, end, checkpoint, carrier);
	}

	private static void signature(String note, VerifierKey key, String reportId, String sha256) throws Rejected {
		SignedNote signed;
		try {
			signed = SignedNote.parse(note);
		}
		catch (IllegalArgumentException ex) {
			throw new Rejected(ReportFailure.REPORT_SIGNATURE,
					"the signature is not a signed note: " + ex.getMessage());
		}
		if (!signed.verifiedBy(key)) {
			throw new Rejected(ReportFailure.REPORT_SIGNATURE,
					"the report carries no valid signature by " + key.name() + " (key " + key.encoded() + ")");
		}
		if (!signed.text().equals(ReportFormat.signatureText(reportId, sha256))) {
			throw new Rejected(ReportFailure.REPORT_SIGNATURE, "the signed note is about another report: it says \""
					+ signed.text().replace("\n", " | ") + "\", the report is " + reportId + " with SHA-256 " + sha256);
		}
	}

	private static Checkpoint checkpoint(String note, VerifierKey key, String what) throws Rejected {
		OpenedCheckpoint opened = OpenedCheckpoint.open(new SignedCheckpoint(note), key);
		if (opened instanceof OpenedCheckpoint.Rejected rejected) {
			ReportFailure failure = switch (rejected.tampered().failure()) {
				case CHECKPOINT_SIGNATURE -> ReportFailure.CHECKPOINT_SIGNATURE;
				default -> ReportFailure.CHECKPOINT_MALFORMED;
			};
			throw new Rejected(failure, what + ": " + rejected.tampered().detail());
		}
		return ((OpenedCheckpoint.Verified) opened).checkpoint();
	}

	private static void consistent(Checkpoint older, Checkpoint newer, List<Hash> proof, String olderName,
			String newerName) throws Rejected {
		// RFC 9162 §2.1.4.2; an older empty tree must also carry the empty tree's root
		if (!MerkleTree.verifyConsistency(older.size(), newer.size(), older.root(), newer.root(), proof)) {
			throw new Rejected(ReportFailure.CONSISTENCY_PROOF,
					"the " + olderName + " checkpoint (size " + older.size() + ") and the " + newerName
							+ " checkpoint (size " + newer.size()
							+ ") are not proven to be one append-only log: the proof or a checkpoint was altered");
		}
	}

	private static long event(Map<?, ?> entry, Checkpoint checkpoint, String reportId, String sha256) throws Rejected {
		long index;
		byte[] leaf;
		try {
			index = (Long) entry.get("index");
			leaf = Base64.getDecoder().decode(string(entry, "leaf"));
		}
		catch (IllegalArgumentException | ClassCastException | NullPointerException ex) {
			throw malformed("ledgerEvent is not {\"index\":N,\"leaf\":\"base64\",\"auditPath\":[…]}");
		}
		List<Hash> path = hashes(entry.get("auditPath"), "ledgerEvent.auditPath");
		if (!MerkleTree.verifyInclusion(Rfc6962.leafHash(leaf), index, checkpoint.size(), path, checkpoint.root())) {
			throw new Rejected(ReportFailure.INCLUSION_PROOF, "the report's ledger event at index " + index
					+ " is not included in the signed checkpoint of size " + checkpoint.size());
		}
		Optional<String> problem = CanonicalLeaf.problem(leaf);
		if (problem.isPresent()) {
			throw new Rejected(ReportFailure.LEDGER_EVENT, "ledger event " + index + ": " + problem.get());
		}
		Event event = Event.fromLeaf(leaf);
		Object logged = event.details().get("report_sha256");
		if (!ReportFormat.EVENT_TYPE.equals(event.type()) || event.resource().isEmpty()
				|| !reportId.equals(event.resource().get().id()) || !sha256.equals(logged)) {
			throw new Rejected(ReportFailure.LEDGER_EVENT, "ledger event " + index + " (" + event.type()
					+ ") does not log report " + reportId + " with SHA-256 " + sha256 + " (it logs " + logged + ")");
		}
		return index;
	}

	/** Gaps are never hidden: every control not implemented is listed as one. */
	private static void content(Map<?, ?> body) throws Rejected {
		if (!ReportFormat.DISCLAIMER.equals(body.get("disclaimer"))) {
			throw new Rejected(ReportFailure.REPORT_CONTENT, "the disclaimer is missing or altered");
		}
		Set<Object> listed = new HashSet<>();
		for (Object gap : list(body.get("gaps"), "report.gaps")) {
			listed.add(map(gap, "a gap").get("control"));
		}
		List<String> hidden = new ArrayList<>();
		for (Object control : list(body.get("controls"), "report.controls")) {
			Map<?, ?> fields = map(control, "a control");
			if (!"IMPLEMENTED".equals(fields.get("state")) && !listed.contains(fields.get("id"))) {
				hidden.add(String.valueOf(fields.get("id")));
			}
		}
		if (!hidden.isEmpty()) {
			throw new Rejected(ReportFailure.REPORT_CONTENT,
					"controls not implemented but not listed as gaps: " + String.join(", ", hidden));
		}
	}

	/**
	 * The one envelope a PDF carries: the server stores it as an uncompressed attachment
	 * on one line, so it is found by its opening bytes; exactly one must be there.
	 */
	private static Object fromPdf(byte[] pdf) throws Rejected {
		int at = indexOf(pdf, MARKER, 0);
		if (at < 0) {
			throw malformed("the PDF carries no signed report (attachment " + ReportFormat.ATTACHMENT + ")");
		}
		if (indexOf(pdf, MARKER, at + 1) >= 0) {
			throw malformed("the PDF carries more than one signed report");
		}
		int end = at;
		while (end < pdf.length && pdf[end] != '\n' && pdf[end] != '\r') {
			end++;
		}
		return Json.parse(new String(pdf, at, end - at, StandardCharsets.UTF_8));
	}

	private static Object fromOscal(Map<?, ?> oscal) throws Rejected {
		Map<?, ?> results = map(oscal.get("assessment-results"), "assessment-results");
		Map<?, ?> backMatter = map(results.get("back-matter"), "assessment-results.back-matter");
		Object found = null;
		for (Object resource : list(backMatter.get("resources"), "back-matter.resources")) {
			Object base64 = map(resource, "a back-matter resource").get("base64");
			if (base64 instanceof Map<?, ?> content && ReportFormat.ATTACHMENT.equals(content.get("filename"))) {
				if (found != null) {
					throw malformed("the OSCAL document carries more than one signed report");
				}
				try {
					found = Json.parse(
							new String(Base64.getDecoder().decode(string(content, "value")), StandardCharsets.UTF_8));
				}
				catch (IllegalArgumentException ex) {
					throw malformed("the signed report resource is not base64");
				}
			}
		}
		if (found == null) {
			throw malformed("the OSCAL document carries no signed report (back-matter resource "
					+ ReportFormat.ATTACHMENT + ")");
		}
		return found;
	}

	/**
	 * An OSCAL reader reads the findings, not the back-matter: each control of the signed
	 * report has exactly one finding, satisfied exactly when the control is implemented.
	 */
	private static void findingsAgree(Map<?, ?> oscal, Map<?, ?> body) throws Rejected {
		Map<String, String> signed = new java.util.TreeMap<>();
		for (Object control : list(body.get("controls"), "report.controls")) {
			Map<?, ?> fields = map(control, "a control");
			signed.put(string(fields, "id"), "IMPLEMENTED".equals(fields.get("state")) ? "satisfied" : "not-satisfied");
		}
		Map<String, String> stated = new java.util.TreeMap<>();
		for (Object result : list(map(oscal.get("assessment-results"), "assessment-results").get("results"),
				"assessment-results.results")) {
			Object findings = map(result, "a result").get("findings");
			for (Object finding : (findings == null) ? List.of() : list(findings, "findings")) {
				Map<?, ?> target = map(map(finding, "a finding").get("target"), "a finding's target");
				String id = string(target, "target-id");
				String state = string(map(target.get("status"), "a finding's status"), "state");
				if (stated.put(id, state) != null) {
					throw new Rejected(ReportFailure.REPORT_CONTENT, "the OSCAL findings name " + id + " twice");
				}
			}
		}
		for (Map.Entry<String, String> control : signed.entrySet()) {
			String state = stated.get(control.getKey());
			if (!control.getValue().equals(state)) {
				throw new Rejected(ReportFailure.REPORT_CONTENT, "the OSCAL finding for " + control.getKey() + " says "
						+ state + ", the signed report " + control.getValue());
			}
		}
		stated.keySet().removeAll(signed.keySet());
		if (!stated.isEmpty()) {
			throw new Rejected(ReportFailure.REPORT_CONTENT,
					"the OSCAL findings name controls the signed report does not: "
							+ String.join(", ", stated.keySet()));
		}
	}

	private static List<Hash> hashes(Object value, String what) throws Rejected {
		List<Hash> hashes = new ArrayList<>();
		try {
			for (Object hash : list(value, what)) {
				hashes.add(Hash.fromBase64((String) hash));
			}
		}
		catch (IllegalArgumentException | ClassCastException | NullPointerException ex) {
			throw malformed(what + " is not a list of base64 hashes");
		}
		return hashes;
	}

	private static Map<?, ?> map(Object value, String what) throws Rejected {
		if (value instanceof Map<?, ?> map) {
			return map;
		}
		throw malformed(what + " is not a JSON object");
	}

	private static List<?> list(Object value, String what) throws Rejected {
		if (value instanceof List<?> list) {
			return list;
		}
		throw malformed(what + " is not a JSON array");
	}

	private static String string(Map<?, ?> map, String name) throws Rejected {
		if (map.get(name) instanceof String text) {
			return text;
		}
		throw malformed(name + " is not a string");
	}

	private static boolean startsWith(byte[] bytes, byte[] prefix, int at) {
		if (bytes.length - at < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (bytes[at + i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static int indexOf(byte[] bytes, byte[] needle, int from) {
		for (int i = from; i <= bytes.length - needle.length; i++) {
			if (startsWith(bytes, needle, i)) {
				return i;
			}
		}
		return -1;
	}

	private static Rejected malformed(String detail) {
		return new Rejected(ReportFailure.REPORT_MALFORMED, detail);
	}

	/** Stops at the first failure. */
	private static final class Rejected extends Exception {

		private static final long serialVersionUID = 1L;

		private final transient ReportResult.Tampered result;

		Rejected(ReportFailure failure, String detail) {
			super(detail, null, false, false);
			this.result = new ReportResult.Tampered(failure, detail);
		}

	}

}
