package io.countersign.server.approval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.countersign.ledger.verify.OfflineVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks an evidence package the way a user would, in a JVM of its own with nothing but
 * the JDK and the ledger module: {@code java -jar countersign-ledger/target/
 * countersign-ledger.jar} when that jar is built and not older than the ledger classes
 * this test runs with (a stale jar would check with yesterday's rules), else the main
 * class on the ledger's class path.
 */
public final class OfflineVerification {

	private OfflineVerification() {
	}

	/** The exit status and the line the verifier printed. */
	public record Outcome(int exit, String line) {

		@Override
		public String toString() {
			return this.exit + " " + this.line;
		}

	}

	public static Outcome verify(Path evidence, String verifierKey) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(ledger());
		command.addAll(List.of(evidence.toString(), "--key", verifierKey));
		try {
			Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			assertThat(java.waitFor(60, TimeUnit.SECONDS)).as("the verifier finished").isTrue();
			assertThat(output.lines().count()).as("one line: %s", output).isEqualTo(1);
			return new Outcome(java.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** {@code -jar <jar>} or {@code -cp <classes> <main class>}. */
	static List<String> ledger() {
		Path classes = classes();
		Path jar = Path.of("..", "countersign-ledger", "target", "countersign-ledger.jar").toAbsolutePath().normalize();
		if (Files.isRegularFile(classes) && classes.getFileName().toString().endsWith(".jar")) {
			return List.of("-jar", classes.toString());
		}
		if (Files.isRegularFile(jar) && modified(jar) >= newest(classes)) {
			return List.of("-jar", jar.toString());
		}
		return List.of("-cp", classes.toString(), OfflineVerifier.class.getName());
	}

	private static Path classes() {
		try {
			return Path.of(OfflineVerifier.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long modified(Path file) {
		try {
			return Files.getLastModifiedTime(file).toMillis();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long newest(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter(Files::isRegularFile).mapToLong(OfflineVerification::modified).max().orElse(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
