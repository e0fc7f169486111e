package io.countersign.ledger.evidence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.countersign.ledger.Hash;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.json.JsonException;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.ledger.tree.Rfc6962;

/**
 * Writes the evidence package of one approval request from ledger data alone: its proven
 * events, the signed checkpoint they are proven under and the verifier key. The
 * human-readable files are derived from the events, so they cannot say anything else.
 */
public final class EvidencePackageWriter {

	private EvidencePackageWriter() {
	}

	/**
	 * Writes the package to {@code out}, which stays open.
	 * @param entries every ledger event of the request (its ACTION_ and POLICY_CHANGE_
	 * events), in ledger order, each with its inclusion proof in the checkpoint's tree
	 * @param checkpointNote the signed checkpoint (C2SP signed note) the proofs lead to
	 * @param key the ledger's verifier key, which signed the checkpoint
	 * @throws IllegalArgumentException when the checkpoint is not signed by the key, an
	 * entry is not proven under it, or the events are not approval events of one request
	 */
	public static void write(List<ProvenEntry> entries, String checkpointNote, VerifierKey key, OutputStream out)
			throws IOException {
		Checkpoint checkpoint = signedCheckpoint(checkpointNote, key);
		List<LoggedEvent> events = new ArrayList<>();
		long previous = -1;
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
			try {
				events.add(new LoggedEvent(entry.index(), Event.fromLeaf(entry.leaf())));
			}
			catch (JsonException | IllegalArgumentException ex) {
				throw new IllegalArgumentException("entry " + entry.index() + " is not an event: " + ex.getMessage(),
						ex);
			}
		}
		Map<String, Object> files;
		try {
			files = ConvenienceFiles.of(ApprovalRecord.read(events));
		}
		catch (TamperedEvidence ex) {
			throw new IllegalArgumentException("not the approval events of one request: " + ex.getMessage(), ex);
		}
		ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
		StringBuilder lines = new StringBuilder();
		for (ProvenEntry entry : entries) {
			lines.append(Json.write(line(entry))).append('\n');
		}
		text(zip, EvidenceLayout.EVENTS, lines.toString());
		text(zip, EvidenceLayout.CHECKPOINT, checkpointNote);
		text(zip, EvidenceLayout.VERIFIER_KEY, key.encoded() + "\n");
		for (Map.Entry<String, Object> file : files.entrySet()) {
			text(zip, file.getKey(), Json.writeIndented(file.getValue()));
		}
		text(zip, EvidenceLayout.HOW_TO_VERIFY, EvidenceLayout.INSTRUCTIONS);
		zip.finish();
	}

	/** One line of events.jsonl. */
	static Map<String, Object> line(ProvenEntry entry) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("index", entry.index());
		line.put("leaf", Base64.getEncoder().encodeToString(entry.leaf()));
		line.put("auditPath", entry.auditPath().stream().map(Hash::base64).toList());
		return line;
	}

	private static Checkpoint signedCheckpoint(String note, VerifierKey key) {
		SignedNote signed = SignedNote.parse(note);
		Checkpoint checkpoint = Checkpoint.parse(signed.text());
		if (!signed.verifiedBy(key) || !checkpoint.origin().equals(key.name())) {
			throw new IllegalArgumentException("the checkpoint is not signed by " + key.encoded());
		}
		return checkpoint;
	}

	private static void text(ZipOutputStream zip, String name, String content) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(content.getBytes(StandardCharsets.UTF_8));
		zip.closeEntry();
	}

}
