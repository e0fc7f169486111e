package io.countersign.ledger.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Enumeration;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import io.countersign.ledger.note.NoteSigner;
import io.countersign.ledger.testing.TestLedger;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.ledger.tree.RangeProof;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.ledger.verify.OfflineVerifier;
import io.countersign.ledger.verify.StoredEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineVerifierTest {

	private final TestLedger ledger = new TestLedger(37);

	@TempDir
	Path dir;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void untouchedBundleIsIntactAndSaysTheKeyWasNotPinned() throws IOException {
		Path bundle = bundle(5, 20);
		assertThat(run(bundle.toString())).isZero();
		assertThat(out()).startsWith("INTACT: 15 entries").contains("size 37").contains("not pinned");
		try (ZipFile zip = new ZipFile(bundle.toFile())) {
			assertThat(zip.getEntry("HOW-TO-VERIFY.txt")).isNotNull();
			assertThat(new String(zip.getInputStream(zip.getEntry("entries.jsonl")).readAllBytes()))
				.startsWith("{\"index\":5,\"leaf\":\"");
		}
	}

	@Test
	void wholeLedgerAndEmptyRangeBundlesVerifyWithAPinnedKey() throws IOException {
		String key = this.ledger.signer.verifierKey().encoded();
		assertThat(run(bundle(0, 37).toString(), "--key", key)).isZero();
		assertThat(out()).contains("signed by the pinned key");
		assertThat(run(bundle(37, 37).toString(), "--key", key)).isZero();
	}

	@Test
	void bundleSignedByAnotherKeyThanThePinnedOneIsTampered() throws IOException {
		String other = NoteSigner.generate("countersign.test/ledger").verifierKey().encoded();
		assertThat(run(bundle(5, 20).toString(), "--key", other)).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: CHECKPOINT_SIGNATURE");
	}

	@Test
	void oneByteEditOfALeafIsNamedByIndex() throws IOException {
		Path bundle = edit(bundle(5, 20), "entries.jsonl", (text) -> editLeafOfLine(text, 3, false));
		assertThat(run(bundle.toString())).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: LEAF_HASH_MISMATCH at index 8");
	}

	@Test
	void editedLeafWithItsLeafHashRecomputedMakesTheRootDifferFromTheSignedOne() throws IOException {
		Path bundle = edit(bundle(5, 20), "entries.jsonl", (text) -> editLeafOfLine(text, 3, true));
		assertThat(run(bundle.toString())).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: CHECKPOINT_ROOT_MISMATCH");
	}

	@Test
	void bundleOfLinesWithoutLeafHashesStillVerifies() throws IOException {
		Path bundle = edit(bundle(5, 20), "entries.jsonl", (text) -> text.replaceAll(",\"leafHash\":\"[^\"]*\"", ""));
		assertThat(run(bundle.toString())).isZero();
	}

	/** Changes one byte of the leaf on a line ({@code user-8} to {@code user-0}). */
	private static String editLeafOfLine(String text, int lineNumber, boolean recomputeHash) {
		String[] lines = text.split("\n");
		String leaf = new String(
				Base64.getDecoder().decode(lines[lineNumber].replaceAll(".*\"leaf\":\"([^\"]+)\".*", "$1")),
				StandardCharsets.UTF_8);
		byte[] edited = leaf.replace("user-8", "user-0").getBytes(StandardCharsets.UTF_8);
		assertThat(edited).hasSize(leaf.length());
		String stated = lines[lineNumber].replaceAll(".*\"leafHash\":\"([^\"]+)\".*", "$1");
		String leafHash = recomputeHash ? Rfc6962.leafHash(edited).base64() : stated;
		lines[lineNumber] = "{\"index\":8,\"leaf\":\"" + Base64.getEncoder().encodeToString(edited)
				+ "\",\"leafHash\":\"" + leafHash + "\"}";
		return String.join("\n", lines) + "\n";
	}

	@Test
	void nonCanonicalLeafIsNamedByIndex() throws IOException {
		Path bundle = edit(bundle(5, 20), "entries.jsonl", (text) -> {
			String[] lines = text.split("\n");
			lines[2] = "{\"index\":7,\"leaf\":\"" + Base64.getEncoder().encodeToString("{ }".getBytes()) + "\"}";
			return String.join("\n", lines) + "\n";
		});
		assertThat(run(bundle.toString())).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: LEAF_NOT_CANONICAL at index 7");
	}

	@Test
	void removedEntryIsAnIndexGap() throws IOException {
		Path bundle = edit(bundle(5, 20), "entries.jsonl", (text) -> text.replaceFirst("\\{\"index\":9,[^\n]*\n", ""));
		assertThat(run(bundle.toString())).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: INDEX_GAP at index 9");
	}

	@Test
	void bundleMissingAFileIsMalformed() throws IOException {
		Path bundle = edit(bundle(5, 20), "range-proof.json", (text) -> null);
		assertThat(run(bundle.toString())).isEqualTo(1);
		assertThat(out()).startsWith("TAMPERED: BUNDLE_MALFORMED").contains("range-proof.json");
	}

	@Test
	void garbageFileMissingFileAndBadArgumentsAreErrors() throws IOException {
		Path garbage = Files.writeString(this.dir.resolve("garbage.zip"), "this is not a zip archive");
		assertThat(run(garbage.toString())).isEqualTo(2);
		assertThat(err()).startsWith("error: cannot read");
		assertThat(run(this.dir.resolve("missing.zip").toString())).isEqualTo(2);
		assertThat(run()).isEqualTo(2);
		assertThat(run(garbage.toString(), "--key")).isEqualTo(2);
		assertThat(run(garbage.toString(), "--key", "not-a-key")).isEqualTo(2);
		assertThat(out()).isEmpty();
	}

	private Path bundle(int from, int to) throws IOException {
		Path path = this.dir.resolve("bundle-" + from + "-" + to + ".zip");
		try (OutputStream stream = Files.newOutputStream(path)) {
			BundleWriter writer = new BundleWriter(stream);
			for (StoredEntry entry : this.ledger.entries.subList(from, to)) {
				writer.writeEntry(entry.index(), entry.leaf());
			}
			RangeProof proof = MerkleTree.rangeProof(from, to, 37, this.ledger.reader());
			writer.finish(this.ledger.checkpoint(37).note(), this.ledger.signer.verifierKey(), proof);
		}
		return path;
	}

	/**
	 * Copies the bundle with one file rewritten (or dropped when the editor returns
	 * null).
	 */
	private Path edit(Path bundle, String name, UnaryOperator<String> editor) throws IOException {
		Path edited = this.dir.resolve("edited-" + bundle.getFileName());
		try (ZipFile zip = new ZipFile(bundle.toFile());
				ZipOutputStream copy = new ZipOutputStream(Files.newOutputStream(edited))) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				String content = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
				String replaced = entry.getName().equals(name) ? editor.apply(content) : content;
				if (replaced != null) {
					copy.putNextEntry(new ZipEntry(entry.getName()));
					copy.write(replaced.getBytes(StandardCharsets.UTF_8));
					copy.closeEntry();
				}
			}
		}
		return edited;
	}

	private int run(String... args) {
		this.out.reset();
		this.err.reset();
		return OfflineVerifier.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

}
