package io.countersign.ledger.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.countersign.ledger.Hash;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.tree.RangeProof;
import io.countersign.ledger.tree.Rfc6962;

/**
 * Streams an offline verification bundle: entries first, one at a time, then the
 * checkpoint, key and range proof. The caller owns (and closes) the output stream.
 */
public final class BundleWriter {

	private final ZipOutputStream zip;

	private boolean started;

	private boolean finished;

	private long from = -1;

	private long next = -1;

	public BundleWriter(OutputStream out) {
		this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
	}

	/** Writes the next entry; indexes must be contiguous. */
	public void writeEntry(long index, byte[] leaf) throws IOException {
		requireOpen();
		if (this.next >= 0 && index != this.next) {
			throw new IllegalArgumentException("expected entry " + this.next + ", got " + index);
		}
		if (index < 0) {
			throw new IllegalArgumentException("index must not be negative: " + index);
		}
		startEntries();
		if (this.from < 0) {
			this.from = index;
		}
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("index", index);
		line.put("leaf", Base64.getEncoder().encodeToString(leaf));
		// Lets a verifier name the first edited entry: these hashes fold to the signed
		// root.
		line.put("leafHash", Rfc6962.leafHash(leaf).base64());
		this.zip.write((Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
		this.next = index + 1;
	}

	/**
	 * Writes the signed checkpoint, the verifier key, the range proof for the written
	 * entries and the instructions, and finishes the archive.
	 */
	public void finish(String checkpointNote, VerifierKey key, RangeProof proof) throws IOException {
		requireOpen();
		long written = (this.from < 0) ? 0 : this.next - this.from;
		if (written > 0 && (proof.from() != this.from || proof.to() != this.next)) {
			throw new IllegalArgumentException("the proof covers [" + proof.from() + ", " + proof.to()
					+ ") but the entries written are [" + this.from + ", " + this.next + ")");
		}
		if (written == 0 && proof.from() != proof.to()) {
			throw new IllegalArgumentException("no entries were written but the proof covers a non-empty range");
		}
		Checkpoint checkpoint = Checkpoint.parse(SignedNote.parse(checkpointNote).text());
		if (checkpoint.size() != proof.size()) {
			throw new IllegalArgumentException(
					"the checkpoint has size " + checkpoint.size() + " but the proof is for size " + proof.size());
		}
		startEntries();
		this.zip.closeEntry();
		text(BundleLayout.CHECKPOINT, checkpointNote);
		text(BundleLayout.VERIFIER_KEY, key.encoded() + "\n");
		text(BundleLayout.RANGE_PROOF, Json.write(proofJson(proof)) + "\n");
		text(BundleLayout.HOW_TO_VERIFY, BundleLayout.INSTRUCTIONS);
		this.zip.finish();
		this.finished = true;
	}

	static Map<String, Object> proofJson(RangeProof proof) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("from", proof.from());
		json.put("to", proof.to());
		json.put("size", proof.size());
		json.put("left", base64(proof.left()));
		json.put("right", base64(proof.right()));
		return json;
	}

	private static List<String> base64(List<Hash> hashes) {
		return hashes.stream().map(Hash::base64).toList();
	}

	private void startEntries() throws IOException {
		if (!this.started) {
			this.zip.putNextEntry(new ZipEntry(BundleLayout.ENTRIES));
			this.started = true;
		}
	}

	private void text(String name, String content) throws IOException {
		this.zip.putNextEntry(new ZipEntry(name));
		this.zip.write(content.getBytes(StandardCharsets.UTF_8));
		this.zip.closeEntry();
	}

	private void requireOpen() {
		if (this.finished) {
			throw new IllegalStateException("the bundle is already finished");
		}
	}

}
