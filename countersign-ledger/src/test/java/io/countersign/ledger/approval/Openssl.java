// SPDX-License-Identifier: Apache-2.0
package io.countersign.ledger.approval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs the {@code openssl} command line, as an approver or an auditor would; without it a
 * test is skipped, except under {@code CI=true}, where it fails.
 */
public final class Openssl {

	private final Path directory;

	private Openssl(Path directory) {
		this.directory = directory;
	}

	public static Openssl in(Path directory) {
		boolean present;
		try {
			present = run(directory, List.of("openssl", "version")).exitCode() == 0;
		}
		catch (IllegalStateException ex) {
			present = false;
		}
		if (!present) {
			if ("true".equals(System.getenv("CI"))) {
				throw new AssertionError("openssl is needed for this test (Debian: apt-get install openssl)");
			}
			Assumptions.abort("openssl is not installed");
		}
		return new Openssl(directory);
	}

	/** Runs {@code openssl args…}; fails the test unless it exits 0. */
	public String run(String... args) {
		Result result = exec(args);
		if (result.exitCode() != 0) {
			throw new AssertionError(
					"openssl " + String.join(" ", args) + " exited " + result.exitCode() + ": " + result.output());
		}
		return result.output();
	}

	/** Runs {@code openssl args…} and gives its exit code and output. */
	public Result exec(String... args) {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(args));
		return run(this.directory, command);
	}

	private static Result run(Path directory, List<String> command) {
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish");
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	public record Result(int exitCode, String output) {

	}

}
