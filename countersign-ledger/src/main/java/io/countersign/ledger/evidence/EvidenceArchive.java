package io.countersign.ledger.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.countersign.ledger.Hash;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.json.JsonException;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.ledger.verify.CanonicalLeaf;
import io.countersign.ledger.verify.OpenedCheckpoint;
import io.countersign.ledger.verify.SignedCheckpoint;
import io.countersign.ledger.verify.Tampered;

/**
 * An evidence archive (an approval's or an alert's) as its verifier reads it: exactly the
 * files of its layout, each read with a bound, and the signed checkpoint its entries are
 * proven under, opened with the pinned key or the one inside.
 */
final class EvidenceArchive {

	private static final int MAX_FILE = 16 << 20;

	private EvidenceArchive() {
	}

	/**
	 * Every file of {@code files} there once, and nothing else: a stray file could pass
	 * for evidence; only {@code optional} (the reader's instructions) may be left out.
	 */
	static void requireLayout(ZipFile zip, List<String> files, String optional) throws TamperedEvidence {
		Set<String> seen = new HashSet<>();
		Enumeration<? extends ZipEntry> entries = zip.entries();
		while (entries.hasMoreElements()) {
			String name = entries.nextElement().getName();
			if (!files.contains(name)) {
				throw malformed("unexpected file " + name);
			}
			if (!seen.add(name)) {
				throw malformed(name + " appears twice");
			}
		}
		List<String> missing = new ArrayList<>(files);
		missing.removeAll(seen);
		missing.remove(optional);
		if (!missing.isEmpty()) {
			throw malformed("missing " + String.join(", ", missing));
		}
	}

	/**
	 * The events of the archive's {@code file}, one JSON line each, every one proven
	 * under {@code checkpoint} and canonical, in strictly increasing index order.
	 */
	static List<LoggedEvent> provenEvents(ZipFile zip, String file, Checkpoint checkpoint)
			throws IOException, TamperedEvidence {
		String text = read(zip, file);
		List<LoggedEvent> events = new ArrayList<>();
		long previous = -1;
		int lineNumber = 0;
		for (String line : text.split("\n")) {
			lineNumber++;
			if (line.isEmpty()) {
				continue;
			}
			long index;
			byte[] leaf;
			List<Hash> path = new ArrayList<>();
			try {
				Map<?, ?> entry = (Map<?, ?>) Json.parse(line);
				index = (Long) entry.get("index");
				leaf = Base64.getDecoder().decode((String) entry.get("leaf"));
				for (Object hash : (List<?>) entry.get("auditPath")) {
					path.add(Hash.fromBase64((String) hash));
				}
			}
			catch (JsonException | IllegalArgumentException | ClassCastException | NullPointerException ex) {
				throw malformed(file + " line " + lineNumber
						+ " is not {\"index\":N,\"leaf\":\"base64\",\"auditPath\":[\"base64\",…]}");
			}
			if (index <= previous) {
				throw malformed(file + " line " + lineNumber + ": index " + index + " after " + previous
						+ ", not in ledger order");
			}
			previous = index;
			if (index >= checkpoint.size()) {
				throw new TamperedEvidence(EvidenceFailure.INCLUSION_PROOF, "event at index " + index
						+ " is beyond the signed checkpoint, which has " + checkpoint.size() + " entries");
			}
			// RFC 9162 §2.1.3.2: the leaf and its audit path must fold to the signed root
			if (!MerkleTree.verifyInclusion(Rfc6962.leafHash(leaf), index, checkpoint.size(), path,
					checkpoint.root())) {
				throw new TamperedEvidence(EvidenceFailure.INCLUSION_PROOF,
						"event at index " + index + " is not included in the signed checkpoint of size "
								+ checkpoint.size() + ": its leaf or its audit path was altered");
			}
			Optional<String> problem = CanonicalLeaf.problem(leaf);
			if (problem.isPresent()) {
				throw new TamperedEvidence(EvidenceFailure.LEAF_NOT_CANONICAL,
						"event at index " + index + ": " + problem.get());
			}
			events.add(new LoggedEvent(index, Event.fromLeaf(leaf)));
		}
		return events;
	}

	/**
	 * The checkpoint in {@code checkpointFile}, its signature checked with
	 * {@code pinnedKey} when given, else with the key in {@code keyFile}.
	 */
	static Checkpoint checkpoint(ZipFile zip, String keyFile, String checkpointFile, Optional<VerifierKey> pinnedKey)
			throws IOException, TamperedEvidence {
		VerifierKey key;
		try {
			key = pinnedKey.isPresent() ? pinnedKey.get() : VerifierKey.parse(read(zip, keyFile));
		}
		catch (IllegalArgumentException ex) {
			throw malformed(keyFile + ": " + ex.getMessage());
		}
		OpenedCheckpoint opened = OpenedCheckpoint.open(new SignedCheckpoint(read(zip, checkpointFile)), key);
		if (opened instanceof OpenedCheckpoint.Rejected rejected) {
			Tampered tampered = rejected.tampered();
			throw new TamperedEvidence(switch (tampered.failure()) {
				case CHECKPOINT_SIGNATURE -> EvidenceFailure.CHECKPOINT_SIGNATURE;
				default -> EvidenceFailure.CHECKPOINT_MALFORMED;
			}, tampered.detail());
		}
		return ((OpenedCheckpoint.Verified) opened).checkpoint();
	}

	static String read(ZipFile zip, String name) throws IOException {
		ZipEntry entry = zip.getEntry(name);
		try (InputStream in = zip.getInputStream(entry)) {
			byte[] bytes = in.readNBytes(MAX_FILE + 1);
			if (bytes.length > MAX_FILE) {
				throw new IOException(name + " is larger than " + MAX_FILE + " bytes");
			}
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

	static TamperedEvidence malformed(String detail) {
		return new TamperedEvidence(EvidenceFailure.PACKAGE_MALFORMED, detail);
	}

}
