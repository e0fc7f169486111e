package io.countersign.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import io.countersign.ledger.verify.OfflineVerifier;
import io.countersign.server.testing.PostgresTestDatabaseExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code export} writes bundles that the ledger jar's offline verifier accepts on its
 * own, and that it rejects once edited.
 */
@ExtendWith(PostgresTestDatabaseExtension.class)
class ExportCommandTest {

	private static PopulatedLedger ledger;

	@TempDir
	Path files;

	@BeforeAll
	static void writeLedger() throws Exception {
		ledger = PopulatedLedger.writeInto(PostgresTestDatabaseExtension.current());
	}

	@Test
	void exportedTimeRangeHoldsExactlyThoseBatchesAndVerifiesOffline() throws Exception {
		Path bundle = this.files.resolve("range.zip");
		// Batches have distinct timestamps: [start of batch 1, start of batch 4) is
		// batches
		// 1 to 3.
		long first = PopulatedLedger.BATCH_SIZE;
		long end = 4L * PopulatedLedger.BATCH_SIZE;
		try (LedgerCopy copy = ledger.copy()) {
			CliRun run = CliRun.of("export", "--db", copy.url(), "--out", bundle.toString(), "--from",
					ledger.ts(first).toString(), "--to", ledger.ts(end).toString());

			assertThat(run.exit()).as(run.toString()).isZero();
			assertThat(run.out()).startsWith("exported entries [" + first + ", " + end + ") (" + (end - first)
					+ " entries) with checkpoint countersign.local/ledger size " + PopulatedLedger.SIZE);
		}
		assertThat(offline(bundle).exit()).isZero();
		assertThat(entryLines(bundle)).hasSize((int) (end - first));
	}

	@Test
	void forgedTimestampColumnCannotMoveEntriesOutOfAnExport() throws Exception {
		// Batch 1 starts at BATCH_SIZE; pushing its first row's ts column back before the
		// range would silently drop that entry from [start of batch 1, start of batch 4).
		long first = PopulatedLedger.BATCH_SIZE;
		long end = 4L * PopulatedLedger.BATCH_SIZE;
		Path bundle = this.files.resolve("forged.zip");
		try (LedgerCopy copy = ledger.copy()) {
			copy.tamper("UPDATE ledger_entry SET ts = ts - INTERVAL '1 hour' WHERE idx = " + first);

			CliRun run = CliRun.of("export", "--db", copy.url(), "--out", bundle.toString(), "--from",
					ledger.ts(first).toString(), "--to", ledger.ts(end).toString());

			assertThat(run.exit()).as(run.toString()).isEqualTo(1);
			assertThat(run.err()).contains("ledger entry " + first)
				.contains("ts column disagrees with the ts in its leaf");
		}
		assertThat(bundle).doesNotExist();
	}

	@Test
	void bundleVerifiesInAJvmWithOnlyTheLedgerJar() throws Exception {
		Path bundle = this.files.resolve("all.zip");
		try (LedgerCopy copy = ledger.copy()) {
			assertThat(CliRun.of("export", "--db", copy.url(), "--out", bundle.toString()).exit()).isZero();
		}
		Path ledgerJar = Path.of(OfflineVerifier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				ledgerJar.toString(), OfflineVerifier.class.getName(), bundle.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();

		assertThat(java.exitValue()).as(output).isZero();
		assertThat(output).startsWith("INTACT: " + PopulatedLedger.SIZE + " entries");
	}

	@Test
	void editedBundleIsTampered() throws Exception {
		Path bundle = this.files.resolve("genuine.zip");
		try (LedgerCopy copy = ledger.copy()) {
			assertThat(CliRun.of("export", "--db", copy.url(), "--out", bundle.toString()).exit()).isZero();
		}
		Path edited = this.files.resolve("edited.zip");
		rewriteEntries(bundle, edited, (lines) -> {
			String line = lines.get(42);
			String leaf = line.replaceAll(".*\"leaf\":\"([^\"]+)\".*", "$1");
			String json = new String(Base64.getDecoder().decode(leaf), StandardCharsets.UTF_8);
			String forged = Base64.getEncoder()
				.encodeToString(json.replace("\"id\":\"user-", "\"id\":\"mallory-").getBytes(StandardCharsets.UTF_8));
			lines.set(42, line.replace(leaf, forged));
		});

		CliRun run = CliRun.of("verify", "--bundle", edited.toString());

		assertThat(run.exit()).as(run.toString()).isEqualTo(1);
		assertThat(run.out()).startsWith("TAMPERED: LEAF_HASH_MISMATCH at index 42:");
		assertThat(CliRun.of("verify", "--bundle", bundle.toString()).exit()).isZero();
	}

	@Test
	void entriesNewerThanTheLatestCheckpointAreLeftOutAndSaidSo() throws Exception {
		Path bundle = this.files.resolve("cut.zip");
		long latest = PopulatedLedger.SIZE - PopulatedLedger.BATCH_SIZE;
		try (LedgerCopy copy = ledger.copy()) {
			// As if the last batch had arrived after the latest checkpoint.
			copy.tamper("DELETE FROM ledger_checkpoint WHERE tree_size > " + latest);

			CliRun run = CliRun.of("export", "--db", copy.url(), "--out", bundle.toString());

			assertThat(run.exit()).as(run.toString()).isZero();
			assertThat(run.out()).startsWith("exported entries [0, " + latest + ")")
				.contains("not exported: " + PopulatedLedger.BATCH_SIZE + " entries");
		}
		assertThat(offline(bundle).exit()).isZero();
	}

	@Test
	void emptyTimeRangeWritesNothing() throws Exception {
		Path bundle = this.files.resolve("none.zip");
		try (LedgerCopy copy = ledger.copy()) {
			CliRun run = CliRun.of("export", "--db", copy.url(), "--out", bundle.toString(), "--from",
					"2001-01-01T00:00:00Z", "--to", "2001-01-02T00:00:00+02:00");

			assertThat(run.exit()).as(run.toString()).isEqualTo(2);
			assertThat(run.err()).startsWith("countersign: no entries in the time range");
		}
		assertThat(bundle).doesNotExist();
		try (var left = Files.list(this.files)) {
			assertThat(left).isEmpty();
		}
	}

	@Test
	void malformedTimeIsAUsageError() {
		CliRun run = CliRun.of("export", "--db", "jdbc:postgresql://127.0.0.1:5432/x", "--out",
				this.files.resolve("x.zip").toString(), "--from", "yesterday");

		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).contains("'yesterday' is not an RFC 3339 time");
	}

	private static CliRun offline(Path bundle) {
		return CliRun.of("verify", "--bundle", bundle.toString());
	}

	private static List<String> entryLines(Path bundle) throws IOException {
		try (ZipFile zip = new ZipFile(bundle.toFile())) {
			String entries = new String(zip.getInputStream(zip.getEntry("entries.jsonl")).readAllBytes(),
					StandardCharsets.UTF_8);
			return entries.lines().toList();
		}
	}

	private static void rewriteEntries(Path from, Path to, java.util.function.Consumer<List<String>> edit)
			throws IOException {
		try (ZipFile zip = new ZipFile(from.toFile());
				OutputStream file = Files.newOutputStream(to);
				ZipOutputStream out = new ZipOutputStream(file)) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				byte[] content;
				try (InputStream in = zip.getInputStream(entry)) {
					content = in.readAllBytes();
				}
				if (entry.getName().equals("entries.jsonl")) {
					List<String> lines = new ArrayList<>(new String(content, StandardCharsets.UTF_8).lines().toList());
					edit.accept(lines);
					content = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
				}
				out.putNextEntry(new ZipEntry(entry.getName()));
				out.write(content);
				out.closeEntry();
			}
		}
	}

}
