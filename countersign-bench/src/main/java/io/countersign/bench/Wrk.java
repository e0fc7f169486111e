package io.countersign.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the {@code wrk} load generator with one of the bench Lua scripts and reads the
 * summary line the script's {@code done} callback prints.
 *
 * @param executable the wrk binary
 * @param threads wrk threads
 * @param connections open connections, each with one request in flight
 * @param duration how long to send requests
 */
record Wrk(Path executable, int threads, int connections, Duration duration) {

	private static final Pattern SUMMARY = Pattern.compile("^countersign-wrk (.*)$", Pattern.MULTILINE);

	/**
	 * Runs a script shipped in the jar against a URL; the token reaches the script
	 * through the environment, never the command line.
	 */
	WrkResult run(String script, URI uri, String token, List<String> scriptArgs, PrintWriter out)
			throws IOException, InterruptedException {
		return run(script, uri, Map.of("COUNTERSIGN_TOKEN", token), scriptArgs, out);
	}

	/**
	 * Runs a script shipped in the jar against a URL with credentials in its environment
	 * (e.g. a console session's cookie), never on the command line.
	 */
	WrkResult run(String script, URI uri, Map<String, String> environment, List<String> scriptArgs, PrintWriter out)
			throws IOException, InterruptedException {
		Path scriptFile = extract(script);
		List<String> command = new ArrayList<>(List.of(this.executable.toString(), "--latency", "-t",
				Integer.toString(this.threads), "-c", Integer.toString(this.connections), "-d",
				this.duration.toSeconds() + "s", "--timeout", "10s", "-s", scriptFile.toString(), uri.toString()));
		if (!scriptArgs.isEmpty()) {
			command.add("--");
			command.addAll(scriptArgs);
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		int status = process.waitFor();
		Files.deleteIfExists(scriptFile);
		output.lines()
			.filter((line) -> !line.startsWith("countersign-wrk"))
			.forEach((line) -> out.println("    " + line));
		Matcher summary = SUMMARY.matcher(output);
		if (status != 0 || !summary.find()) {
			throw new IOException("wrk failed (status " + status + "):\n" + output);
		}
		return WrkResult.parse(summary.group(1));
	}

	private static Path extract(String script) throws IOException {
		Path file = Files.createTempFile("countersign-bench-", "-" + script);
		try (InputStream in = Wrk.class.getResourceAsStream(script)) {
			if (in == null) {
				throw new IOException("the jar has no bench script " + script);
			}
			Files.write(file, in.readAllBytes());
		}
		return file;
	}

	/** One wrk run: request count, failures, rate and latency percentiles. */
	record WrkResult(long requests, long failed, Duration elapsed, Duration p50, Duration p90, Duration p99,
			Duration max) {

		static WrkResult parse(String line) {
			Map<String, Long> values = new java.util.HashMap<>();
			for (String pair : line.trim().split("\\s+")) {
				String[] keyValue = pair.split("=", 2);
				values.put(keyValue[0], Long.parseLong(keyValue[1]));
			}
			return new WrkResult(values.get("requests"), values.get("failed"),
					Duration.ofNanos(values.get("duration_us") * 1000), micros(values.get("p50_us")),
					micros(values.get("p90_us")), micros(values.get("p99_us")), micros(values.get("max_us")));
		}

		private static Duration micros(long micros) {
			return Duration.ofNanos(micros * 1000);
		}

		double perSecond() {
			return (this.requests - this.failed) / (this.elapsed.toNanos() / 1e9);
		}

		@Override
		public String toString() {
			return "%,.0f req/s, p50 %s, p90 %s, p99 %s, max %s (%,d requests, %,d failed)".formatted(perSecond(),
					millis(this.p50), millis(this.p90), millis(this.p99), millis(this.max), this.requests, this.failed);
		}

		static String millis(Duration duration) {
			return "%.2f ms".formatted(duration.toNanos() / 1e6);
		}

	}

}
