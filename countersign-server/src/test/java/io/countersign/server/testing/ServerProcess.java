package io.countersign.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.countersign.server.CountersignApplication;

/**
 * The service as a real child process (a JVM of its own on the test class path), for
 * tests that must kill it as an operator's machine would: {@link #kill()} is
 * {@code kill -9}, with no shutdown hook, no flush and no graceful stop. Settings are
 * passed as command-line arguments, as an operator's would be.
 */
public final class ServerProcess implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofMinutes(2);

	private final Process process;

	private final int port;

	private final Path log;

	private ServerProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts the service with {@code settings} (Spring properties) on a free port, its
	 * output going to {@code log}, and waits until its readiness probe answers UP.
	 */
	public static ServerProcess start(Map<String, String> settings, Path log) {
		try {
			int port = freePort();
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.add("-Xmx512m");
			command.add("-cp");
			command.add(System.getProperty("java.class.path"));
			command.add(CountersignApplication.class.getName());
			command.add("--server.port=" + port);
			settings.forEach((key, value) -> command.add("--" + key + "=" + value));
			Files.createDirectories(log.toAbsolutePath().getParent());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			ServerProcess server = new ServerProcess(builder.start(), port, log);
			server.awaitReady();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	public ApiClient api() {
		return new ApiClient(this.port);
	}

	public Path log() {
		return this.log;
	}

	/** {@code kill -9}: the process dies at once, wherever it is. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the server did not die after SIGKILL");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void awaitReady() throws IOException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest readiness = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException(
						"the server exited with status " + this.process.exitValue() + "; see " + this.log);
			}
			try {
				if (client.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
			sleep(Duration.ofMillis(200));
		}
		kill();
		throw new IOException("the server was not ready after " + STARTUP.toSeconds() + " s; see " + this.log);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** Stops the process gracefully (SIGTERM), or kills it if it does not stop. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				kill();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
