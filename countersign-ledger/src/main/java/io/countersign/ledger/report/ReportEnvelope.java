package io.countersign.ledger.report;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.countersign.ledger.Hash;
import io.countersign.ledger.evidence.ProvenEntry;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.note.VerifierKey;

/**
 * Assembles the outer layer of a signed report (see {@link ReportFormat}) once its ledger
 * event is under a signed checkpoint.
 */
public final class ReportEnvelope {

	private ReportEnvelope() {
	}

	/**
	 * The envelope, {@code format} first (the marker the verifier finds inside a PDF).
	 * @param body the report body, as hashed
	 * @param signature the ledger key's signed note over
	 * {@link ReportFormat#signatureText}
	 * @param event the {@value ReportFormat#EVENT_TYPE} entry, proven under
	 * {@code checkpoint}
	 * @param checkpoint a signed checkpoint covering the event
	 * @param fromSnapshotEnd the consistency proof from the body's end checkpoint to
	 * {@code checkpoint}
	 * @param key the ledger's verifier key (a reader should pin it anyway)
	 */
	public static Map<String, Object> of(Map<String, Object> body, String signature, ProvenEntry event,
			String checkpoint, List<Hash> fromSnapshotEnd, VerifierKey key) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("format", ReportFormat.FORMAT);
		envelope.put("reportSha256", ReportFormat.bodySha256(body));
		envelope.put("report", body);
		envelope.put("signature", signature);
		Map<String, Object> proven = new LinkedHashMap<>();
		proven.put("index", event.index());
		proven.put("leaf", Base64.getEncoder().encodeToString(event.leaf()));
		proven.put("auditPath", event.auditPath().stream().map(Hash::base64).toList());
		envelope.put("ledgerEvent", proven);
		envelope.put("checkpoint", checkpoint);
		envelope.put("consistencyFromSnapshotEnd", fromSnapshotEnd.stream().map(Hash::base64).toList());
		envelope.put("verifierKey", key.encoded());
		return envelope;
	}

	/**
	 * The envelope on one line and a line feed: how a PDF carries it (uncompressed, so
	 * the verifier finds it without a PDF library).
	 */
	public static byte[] compact(Map<String, Object> envelope) {
		return (Json.write(envelope) + "\n").getBytes(StandardCharsets.UTF_8);
	}

	/** The envelope for people to read: the {@code json} download. */
	public static byte[] indented(Map<String, Object> envelope) {
		return Json.writeIndented(envelope).getBytes(StandardCharsets.UTF_8);
	}

}
