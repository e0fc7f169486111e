package io.countersign.bench;

import java.io.IOException;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real server jar, started as a child process on a free port against a bench
 * database, so that HTTP figures include everything a deployment runs.
 */
final class ServerProcess implements AutoCloseable {

	// two cores shared with other builds (load 20) took the server past 3 minutes to
	// start
	private static final Duration STARTUP = Duration.ofMinutes(10);

	private final Process process;

	private final int port;

	private final Path log;

	private ServerProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts {@code java <jvmOptions> -jar <jar>} and waits until it reports ready.
	 */
	static ServerProcess start(Path jar, List<String> jvmOptions, BenchDatabase database, ServerSecrets secrets)
			throws IOException, InterruptedException {
		return start(List.of("-jar", jar.toAbsolutePath().toString()), jvmOptions, database, secrets);
	}

	/**
	 * Starts {@code java <jvmOptions> <launch>}, where {@code launch} names what to run
	 * (e.g. {@code -jar <jar>}), and waits until it reports ready.
	 */
	static ServerProcess start(List<String> launch, List<String> jvmOptions, BenchDatabase database,
			ServerSecrets secrets) throws IOException, InterruptedException {
		int port = freePort();
		Path workDir = Files.createTempDirectory("countersign-bench-server");
		Path log = workDir.resolve("server.log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(launch);
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("COUNTERSIGN_DB_URL", database.url());
		builder.environment().put("COUNTERSIGN_DB_USER", database.user());
		builder.environment().put("COUNTERSIGN_DB_PASSWORD", database.password());
		builder.environment().put("SERVER_PORT", Integer.toString(port));
		builder.environment().putAll(secrets.asEnvironment());
		ServerProcess server = new ServerProcess(builder.start(), port, log);
		server.awaitReady();
		return server;
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	long pid() {
		return this.process.pid();
	}

	Path log() {
		return this.log;
	}

	/**
	 * The CPU time the server process has used so far (user and system, all threads),
	 * where the operating system reports it.
	 */
	Optional<Duration> cpuTime() {
		return CpuTime.of(this.process.toHandle());
	}

	/** CPU time of the server's JIT compiler threads so far (Linux only). */
	Optional<Duration> compilerCpuTime() {
		return CpuTime.ofCompilerThreads(this.process.toHandle());
	}

	private void awaitReady() throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest health = HttpRequest.newBuilder(uri("/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException(
						"the server exited with status " + this.process.exitValue() + "; see " + this.log);
			}
			try {
				if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		close();
		throw new IOException("the server was not ready after " + STARTUP.toSeconds() + " s; see " + this.log);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
