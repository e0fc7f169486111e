package io.countersign.ledger.evidence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.countersign.ledger.json.Json;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.ledger.tree.Rfc6962;

/**
 * Writes the evidence package of one alert: the ledger entries it cites, each with its
 * inclusion proof under a signed checkpoint, the checkpoint, the verifier key, and the
 * alert itself for people to read.
 */
public final class AlertEvidenceWriter {

	private AlertEvidenceWriter() {
	}

	/**
	 * Writes the package to {@code out}, which stays open.
	 * @param alert the alert as JSON values; its {@code evidence} member is set to the
	 * entries' indexes
	 * @param entries the cited entries in ledger order, each proven in the checkpoint's
	 * tree
	 * @throws IllegalArgumentException when the checkpoint is not signed by the key or an
	 * entry is not proven under it
	 */
	public static void write(Map<String, Object> alert, List<ProvenEntry> entries, String checkpointNote,
			VerifierKey key, OutputStream out) throws IOException {
		SignedNote signed = SignedNote.parse(checkpointNote);
		Checkpoint checkpoint = Checkpoint.parse(signed.text());
		if (!signed.verifiedBy(key) || !checkpoint.origin().equals(key.name())) {
			throw new IllegalArgumentException("the checkpoint is not signed by " + key.encoded());
		}
		if (entries.isEmpty()) {
			throw new IllegalArgumentException("an alert cites at least one entry");
		}
		long previous = -1;
		StringBuilder lines = new StringBuilder();
		for (ProvenEntry entry : entries) {
			if (entry.index() <= previous) {
				throw new IllegalArgumentException(
						"entries must be in ledger order: " + entry.index() + " after " + previous);
			}
			previous = entry.index();
			if (!MerkleTree.verifyInclusion(Rfc6962.leafHash(entry.leaf()), entry.index(), checkpoint.size(),
					entry.auditPath(), checkpoint.root())) {
				throw new IllegalArgumentException(
						"the audit path of entry " + entry.index() + " does not lead to the checkpoint's root");
			}
			lines.append(Json.write(EvidencePackageWriter.line(entry))).append('\n');
		}
		Map<String, Object> stated = new java.util.LinkedHashMap<>(alert);
		stated.put("evidence", entries.stream().map(ProvenEntry::index).toList());
		ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
		text(zip, AlertEvidenceLayout.ENTRIES, lines.toString());
		text(zip, AlertEvidenceLayout.ALERT, Json.writeIndented(stated));
		text(zip, AlertEvidenceLayout.CHECKPOINT, checkpointNote);
		text(zip, AlertEvidenceLayout.VERIFIER_KEY, key.encoded() + "\n");
		text(zip, AlertEvidenceLayout.HOW_TO_VERIFY, AlertEvidenceLayout.INSTRUCTIONS);
		zip.finish();
	}

	private static void text(ZipOutputStream zip, String name, String content) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(content.getBytes(StandardCharsets.UTF_8));
		zip.closeEntry();
	}

}
