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
		Entries entries = new Entries(proof);
		try (InputStream in = zip.getInputStream(zip.getEntry(BundleLayout.ENTRIES));
				Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
			Optional<Tampered> failure = entries.read(reader);
			if (failure.isPresent()) {
				return failure.get();
			}
		}
		Hash root = proof.rootAfter(entries.computed);
		if (!root.equals(checkpoint.root())) {
			if (entries.firstMismatch >= 0 && entries.statedFoldsTo(checkpoint.root())) {
				return Tampered.at(entries.firstMismatch, Failure.LEAF_HASH_MISMATCH,
						"the leaf of entry " + entries.firstMismatch
								+ " does not hash to its leafHash, and the leaf hashes of the bundle "
								+ "give the signed root: this entry was edited after it was logged");
			}
			return Tampered.nowhere(Failure.CHECKPOINT_ROOT_MISMATCH,
					"entries [" + proof.from() + ", " + proof.to() + ") with the range proof give root " + root
							+ ", the signed checkpoint of size " + checkpoint.size() + " says " + checkpoint.root());
		}
		if (entries.firstMismatch >= 0) {
			return Tampered.at(entries.firstMismatch, Failure.BUNDLE_MALFORMED,
					"the leaves give the signed root but the leafHash of entry " + entries.firstMismatch
							+ " is not the hash of its leaf");
		}
		return new Intact(proof.to() - proof.from(), 1, checkpoint);
	}

	/**
	 * Streams the entry lines, folding the hashes of the leaves and, beside them, the
	 * leaf hashes the bundle states. The stated hashes are worth nothing on their own,
	 * but if they fold to the signed root they are the logged ones, and the first leaf
	 * that does not hash to its stated hash is the first edited entry.
	 */
	private static final class Entries {

		private final RangeProof proof;

		final CompactRange computed;

		private final CompactRange stated;

		private boolean everyLineStatesItsHash = true;

		long firstMismatch = -1;

		Entries(RangeProof proof) {
			this.proof = proof;
			this.computed = proof.start();
			this.stated = proof.start();
		}

		boolean statedFoldsTo(Hash root) {
			return this.everyLineStatesItsHash && this.proof.rootAfter(this.stated).equals(root);
		}

		Optional<Tampered> read(Reader reader) throws IOException {
			long expected = this.proof.from();
			for (Optional<String> line = line(reader); line.isPresent(); line = line(reader)) {
				if (expected >= this.proof.to()) {
					return Optional.of(Tampered.at(expected, Failure.BUNDLE_MALFORMED,
							"more entries than the range [" + this.proof.from() + ", " + this.proof.to() + ")"));
				}
				long index;
				byte[] leaf;
				Optional<Hash> statedHash;
				try {
					Map<?, ?> entry = (Map<?, ?>) Json.parse(line.get());
					index = (Long) entry.get("index");
					leaf = Base64.getDecoder().decode((String) entry.get("leaf"));
					statedHash = Optional.ofNullable((String) entry.get("leafHash")).map(Hash::fromBase64);
				}
				catch (JsonException | IllegalArgumentException | ClassCastException | NullPointerException ex) {
					return Optional.of(Tampered.at(expected, Failure.BUNDLE_MALFORMED,
							"entry line is not {\"index\":N,\"leaf\":\"base64\",\"leafHash\":\"base64\"}: "
									+ ex.getMessage()));
				}
				if (index != expected) {
					return Optional.of(Tampered.at(expected, Failure.INDEX_GAP,
							"expected entry " + expected + " but the next line is entry " + index));
				}
				Optional<String> problem = CanonicalLeaf.problem(leaf);
				if (problem.isPresent()) {
					return Optional.of(Tampered.at(expected, Failure.LEAF_NOT_CANONICAL, problem.get()));
				}
				Hash leafHash = Rfc6962.leafHash(leaf);
				this.computed.append(leafHash);
				// bundles written before leafHash was added still verify, without naming
				// an entry
				if (statedHash.isPresent() && this.everyLineStatesItsHash) {
					this.stated.append(statedHash.get());
					if (this.firstMismatch < 0 && !statedHash.get().equals(leafHash)) {
						this.firstMismatch = expected;
					}
				}
				else {
					this.everyLineStatesItsHash = false;
				}
				expected++;
			}
			if (expected < this.proof.to()) {
				return Optional.of(Tampered.at(expected, Failure.TRUNCATED,
						"the range ends at " + this.proof.to() + " but the entries end at " + expected));
			}
			return Optional.empty();
		}

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
