package io.countersign.ledger.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipFile;

import io.countersign.ledger.json.Json;
import io.countersign.ledger.json.JsonException;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.VerifierKey;

/**
 * Checks an alert's evidence package: the checkpoint signature, every cited entry's
 * inclusion proof and canonical leaf, and that alert.json cites exactly the proven
 * entries (a package that claims more, or other, evidence than it proves is refused).
 */
public final class AlertEvidenceVerifier {

	private AlertEvidenceVerifier() {
	}

	/** Whether the archive is an alert's evidence package. */
	public static boolean isAlertEvidence(Path file) throws IOException {
		try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
			return zip.getEntry(AlertEvidenceLayout.ENTRIES) != null;
		}
	}

	/**
	 * Verifies the package with the pinned key when given, else with the key inside it.
	 * @throws IOException when the file cannot be read as a ZIP archive
	 */
	public static EvidenceResult verify(Path file, Optional<VerifierKey> pinnedKey) throws IOException {
		try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
			return verify(zip, pinnedKey);
		}
		catch (TamperedEvidence ex) {
			return ex.result();
		}
		catch (JsonException ex) {
			return new EvidenceTampered(EvidenceFailure.PACKAGE_MALFORMED, ex.getMessage());
		}
	}

	private static EvidenceResult verify(ZipFile zip, Optional<VerifierKey> pinnedKey)
			throws IOException, TamperedEvidence {
		EvidenceArchive.requireLayout(zip, AlertEvidenceLayout.FILES, AlertEvidenceLayout.HOW_TO_VERIFY);
		Checkpoint checkpoint = EvidenceArchive.checkpoint(zip, AlertEvidenceLayout.VERIFIER_KEY,
				AlertEvidenceLayout.CHECKPOINT, pinnedKey);
		List<LoggedEvent> entries = EvidenceArchive.provenEvents(zip, AlertEvidenceLayout.ENTRIES, checkpoint);
		if (entries.isEmpty()) {
			throw EvidenceArchive.malformed(AlertEvidenceLayout.ENTRIES + " cites no entry");
		}
		Map<?, ?> alert;
		try {
			alert = (Map<?, ?>) Json.parse(EvidenceArchive.read(zip, AlertEvidenceLayout.ALERT));
		}
		catch (JsonException | ClassCastException ex) {
			throw new TamperedEvidence(EvidenceFailure.CONVENIENCE_FILE,
					AlertEvidenceLayout.ALERT + " is not a JSON object");
		}
		List<Long> proven = entries.stream().map(LoggedEvent::index).toList();
		Object cited = alert.get("evidence");
		if (!proven.equals(cited)) {
			throw new TamperedEvidence(EvidenceFailure.CONVENIENCE_FILE, AlertEvidenceLayout.ALERT + " cites "
					+ Json.write(cited) + " as evidence, but the proven entries are " + Json.write(proven));
		}
		return new AlertEvidenceIntact(text(alert, "id"), text(alert, "rule"), text(alert, "subject"), entries.size(),
				checkpoint);
	}

	private static String text(Map<?, ?> alert, String name) {
		return (alert.get(name) instanceof String value) ? value : "?";
	}

}
