package io.countersign.ledger.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import io.countersign.ledger.testing.TestLedger;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.ledger.verify.OfflineVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * An alert's evidence package as the server writes it, verified by the ledger jar's entry
 * point, and attacked: an edited entry, an audit path that leads elsewhere, an alert that
 * claims evidence it does not prove, a stray file.
 */
class AlertEvidenceTest {

	@TempDir
	Path dir;

	private final TestLedger ledger = new TestLedger(12);

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	@Test
	void packageOfCitedEntriesIsIntactUnderThePinnedKey() throws IOException {
		Path evidence = pack(List.of(2L, 5L, 9L), 12);

		assertThat(verify(evidence)).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.startsWith("INTACT: alert a-1 (D1, account:ivan): 3 cited")
			.contains("signed by the pinned key");
	}

	@Test
	void editedEntryIsNotIncludedInTheSignedCheckpoint() throws IOException {
		Path evidence = rewrite(pack(List.of(2L, 5L), 12), AlertEvidenceLayout.ENTRIES,
				(text) -> text.replaceFirst("\"leaf\":\"(.)", "\"leaf\":\"A"));

		assertThat(verify(evidence)).isEqualTo(1);
		assertThat(this.out.toString(StandardCharsets.UTF_8)).startsWith("TAMPERED: ");
	}

	@Test
	void alertThatCitesMoreThanItProvesIsRefused() throws IOException {
		Path evidence = rewrite(pack(List.of(2L, 5L), 12), AlertEvidenceLayout.ALERT,
				(text) -> text.replace("5\n", "5,\n    7\n"));

		assertThat(verify(evidence)).isEqualTo(1);
		assertThat(this.out.toString(StandardCharsets.UTF_8)).startsWith("TAMPERED: CONVENIENCE_FILE");
	}

	@Test
	void entryDroppedFromThePackageIsCaught() throws IOException {
		Path evidence = rewrite(pack(List.of(2L, 5L), 12), AlertEvidenceLayout.ENTRIES,
				(text) -> text.substring(text.indexOf('\n') + 1));

		assertThat(verify(evidence)).isEqualTo(1);
	}

	@Test
	void checkpointByAnotherKeyIsRejected() throws IOException {
		Path evidence = pack(List.of(3L), 12);
		String otherKey = new TestLedger(1).signer.verifierKey().encoded();

		assertThat(run(evidence.toString(), "--key", otherKey)).isEqualTo(1);
		assertThat(this.out.toString(StandardCharsets.UTF_8)).startsWith("TAMPERED: CHECKPOINT_SIGNATURE");
	}

	@Test
	void writerRefusesAnEntryNotProvenUnderTheCheckpoint() {
		ProvenEntry wrong = new ProvenEntry(4, this.ledger.entries.get(5).leaf(),
				MerkleTree.inclusionProof(4, 12, this.ledger.reader()));

		assertThatIllegalArgumentException().isThrownBy(() -> AlertEvidenceWriter.write(alert(), List.of(wrong),
				this.ledger.checkpoint(12).note(), this.ledger.signer.verifierKey(), OutputStream.nullOutputStream()));
	}

	private Path pack(List<Long> indexes, long size) throws IOException {
		List<ProvenEntry> entries = new ArrayList<>();
		for (long index : indexes) {
			entries.add(new ProvenEntry(index, this.ledger.entries.get((int) index).leaf(),
					MerkleTree.inclusionProof(index, size, this.ledger.reader())));
		}
		Path file = this.dir.resolve("alert-" + System.nanoTime() + ".zip");
		try (OutputStream stream = Files.newOutputStream(file)) {
			AlertEvidenceWriter.write(alert(), entries, this.ledger.checkpoint(size).note(),
					this.ledger.signer.verifierKey(), stream);
		}
		return file;
	}

	private static Map<String, Object> alert() {
		Map<String, Object> alert = new LinkedHashMap<>();
		alert.put("id", "a-1");
		alert.put("rule", "D1");
		alert.put("subject", "account:ivan");
		return alert;
	}

	private Path rewrite(Path evidence, String name, UnaryOperator<String> change) throws IOException {
		Path copy = this.dir.resolve("tampered-" + System.nanoTime() + ".zip");
		try (ZipFile zip = new ZipFile(evidence.toFile());
				ZipOutputStream target = new ZipOutputStream(Files.newOutputStream(copy))) {
			for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
				String text = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
				String changed = entry.getName().equals(name) ? change.apply(text) : text;
				assertThat(!entry.getName().equals(name) || !changed.equals(text)).as("the change applies").isTrue();
				target.putNextEntry(new ZipEntry(entry.getName()));
				target.write(changed.getBytes(StandardCharsets.UTF_8));
				target.closeEntry();
			}
		}
		return copy;
	}

	private int verify(Path evidence) {
		return run(evidence.toString(), "--key", this.ledger.signer.verifierKey().encoded());
	}

	private int run(String... args) {
		this.out.reset();
		return OfflineVerifier.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
	}

}
