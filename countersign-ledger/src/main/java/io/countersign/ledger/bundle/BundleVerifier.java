package io.countersign.ledger.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.countersign.ledger.Hash;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.json.JsonException;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.tree.CompactRange;
import io.countersign.ledger.tree.RangeProof;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.ledger.verify.CanonicalLeaf;
import io.countersign.ledger.verify.Failure;
import io.countersign.ledger.verify.Intact;
import io.countersign.ledger.verify.OpenedCheckpoint;
import io.countersign.ledger.verify.SignedCheckpoint;
import io.countersign.ledger.verify.Tampered;
import io.countersign.ledger.verify.VerifyResult;

/**
 * Verifies an offline bundle: the checkpoint signature, every leaf, index contiguity, and
 * the root recomputed through the range proof, streaming the entries.
 */
public final class BundleVerifier {

	private static final int MAX_SMALL_FILE = 1 << 20;

	private static final int MAX_LINE = 64 << 20;

	private BundleVerifier() {
	}

	/**
	 * Verifies the bundle with the pinned key when given, else with the key inside the
	 * bundle.
	 * @throws IOException when the file cannot be read as a ZIP archive
	 */
	public static VerifyResult verify(Path bundle, Optional<VerifierKey> pinnedKey) throws IOException {
		try (ZipFile zip = new ZipFile(bundle.toFile(), StandardCharsets.UTF_8)) {
			return verify(zip, pinnedKey);
		}
	}

	private static VerifyResult verify(ZipFile zip, Optional<VerifierKey> pinnedKey) throws IOException {
		List<String> missing = new ArrayList<>();
		for (String name : List.of(BundleLayout.ENTRIES, BundleLayout.CHECKPOINT, BundleLayout.VERIFIER_KEY,
				BundleLayout.RANGE_PROOF)) {
			if (zip.getEntry(name) == null) {
				missing.add(name);
			}
		}
		if (!missing.isEmpty()) {
			return Tampered.nowhere(Failure.BUNDLE_MALFORMED, "missing " + String.join(", ", missing));
		}
		VerifierKey key;
		try {
			key = pinnedKey.isPresent() ? pinnedKey.get() : VerifierKey.parse(small(zip, BundleLayout.VERIFIER_KEY));
		}
		catch (IllegalArgumentException ex) {
			return Tampered.nowhere(Failure.BUNDLE_MALFORMED, BundleLayout.VERIFIER_KEY + ": " + ex.getMessage());
		}
		OpenedCheckpoint opened = OpenedCheckpoint.open(new SignedCheckpoint(small(zip, BundleLayout.CHECKPOINT)), key);
		if (opened instanceof OpenedCheckpoint.Rejected rejected) {
			return rejected.tampered();
		}
		Checkpoint checkpoint = ((OpenedCheckpoint.Verified) opened).checkpoint();
		RangeProof proof;
		try {
			proof = rangeProof(small(zip, BundleLayout.RANGE_PROOF));
		}
		catch (JsonException | IllegalArgumentException | ClassCastException ex) {
			return Tampered.nowhere(Failure.BUNDLE_MALFORMED, BundleLayout.RANGE_PROOF + ": " + ex.getMessage());
		}
		if (proof.size() != checkpoint.size()) {
			return Tampered.nowhere(Failure.BUNDLE_MALFORMED,
					"range proof is for size " + proof.size() + " but the checkpoint is for size " + checkpoint.size());
		}
		CompactRange range = proof.start();
		try (InputStream in = zip.getInputStream(zip.getEntry(BundleLayout.ENTRIES));
				Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
			Optional<Tampered> failure = entries(reader, proof, range);
			if (failure.isPresent()) {
				return failure.get();
			}
		}
		Hash root = proof.rootAfter(range);
		if (!root.equals(checkpoint.root())) {
			return Tampered.nowhere(Failure.CHECKPOINT_ROOT_MISMATCH,
					"entries [" + proof.from() + ", " + proof.to() + ") with the range proof give root " + root
							+ ", the signed checkpoint of size " + checkpoint.size() + " says " + checkpoint.root());
		}
		return new Intact(proof.to() - proof.from(), 1, checkpoint);
	}

	private static Optional<Tampered> entries(Reader reader, RangeProof proof, CompactRange range) throws IOException {
		long expected = proof.from();
		for (Optional<String> line = line(reader); line.isPresent(); line = line(reader)) {
			if (expected >= proof.to()) {
				return Optional.of(Tampered.at(expected, Failure.BUNDLE_MALFORMED,
						"more entries than the range [" + proof.from() + ", " + proof.to() + ")"));
			}
			long index;
			byte[] leaf;
			try {
				Map<?, ?> entry = (Map<?, ?>) Json.parse(line.get());
				index = (Long) entry.get("index");
				leaf = Base64.getDecoder().decode((String) entry.get("leaf"));
			}
			catch (JsonException | IllegalArgumentException | ClassCastException | NullPointerException ex) {
				return Optional.of(Tampered.at(expected, Failure.BUNDLE_MALFORMED,
						"entry line is not {\"index\":N,\"leaf\":\"base64\"}: " + ex.getMessage()));
			}
			if (index != expected) {
				return Optional.of(Tampered.at(expected, Failure.INDEX_GAP,
						"expected entry " + expected + " but the next line is entry " + index));
			}
			Optional<String> problem = CanonicalLeaf.problem(leaf);
			if (problem.isPresent()) {
				return Optional.of(Tampered.at(expected, Failure.LEAF_NOT_CANONICAL, problem.get()));
			}
			range.append(Rfc6962.leafHash(leaf));
			expected++;
		}
		if (expected < proof.to()) {
			return Optional.of(Tampered.at(expected, Failure.TRUNCATED,
					"the range ends at " + proof.to() + " but the entries end at " + expected));
		}
		return Optional.empty();
	}

	static RangeProof rangeProof(String text) {
		Map<?, ?> json = (Map<?, ?>) Json.parse(text);
		return new RangeProof((Long) json.get("from"), (Long) json.get("to"), (Long) json.get("size"),
				hashes(json.get("left")), hashes(json.get("right")));
	}

	private static List<Hash> hashes(Object array) {
		if (!(array instanceof List<?> list)) {
			throw new IllegalArgumentException("left and right must be arrays of base64 hashes");
		}
		return list.stream().map((item) -> Hash.fromBase64((String) item)).toList();
	}

	private static String small(ZipFile zip, String name) throws IOException {
		ZipEntry entry = zip.getEntry(name);
		try (InputStream in = zip.getInputStream(entry)) {
			byte[] bytes = in.readNBytes(MAX_SMALL_FILE + 1);
			if (bytes.length > MAX_SMALL_FILE) {
				throw new IOException(name + " is larger than " + MAX_SMALL_FILE + " bytes");
			}
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

	/**
	 * The next newline-terminated line, or empty at the end; the final line may lack its
	 * newline.
	 */
	private static Optional<String> line(Reader reader) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = reader.read()) >= 0) {
			if (c == '\n') {
				return Optional.of(line.toString());
			}
			if (line.length() == MAX_LINE) {
				throw new IOException("an entry line is longer than " + MAX_LINE + " characters");
			}
			line.append((char) c);
		}
		return line.isEmpty() ? Optional.empty() : Optional.of(line.toString());
	}

}
