package io.countersign.ledger.evidence;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.countersign.ledger.verify.OfflineVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger jar's main class, alone in a JVM of its own (the JDK and the ledger module's
 * classes, nothing else), answers an evidence package with its exit status.
 */
class LedgerMainTest {

	@TempDir
	Path dir;

	@Test
	void exitsZeroForAnIntactPackageAndOneForATamperedOne() throws Exception {
		ApprovalLedger ledger = new ApprovalLedger().executed();
		Path evidence = ledger.pack(this.dir.resolve("evidence.zip"));
		Path garbage = Files.writeString(this.dir.resolve("garbage.zip"), "not a zip");

		assertThat(main(evidence, ledger.key())).startsWith("0 INTACT: approval request " + ledger.request);
		assertThat(main(evidence, new ApprovalLedger().key())).startsWith("1 TAMPERED: CHECKPOINT_SIGNATURE");
		assertThat(main(garbage, ledger.key())).startsWith("2 error: cannot read");
	}

	private String main(Path evidence, String key) throws Exception {
		Path classes = Path.of(OfflineVerifier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				classes.toString(), OfflineVerifier.class.getName(), evidence.toString(), "--key", key)
			.redirectErrorStream(true)
			.start();
		String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return java.exitValue() + " " + output;
	}

}
