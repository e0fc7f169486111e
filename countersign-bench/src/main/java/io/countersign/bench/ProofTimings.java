package io.countersign.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own view of proofs, read from its Prometheus endpoint: how long serving a
 * proof and its one database query took (p50/p99 over about the last 20 seconds), and
 * whether the proof cache has read the whole tree yet. Set beside wrk's latencies, they
 * tell the proof's work from the queueing and pauses around it.
 */
final class ProofTimings {

	private final URI metrics;

	private final String token;

	private final HttpClient client = HttpClient.newHttpClient();

	ProofTimings(URI metrics, String token) {
		this.metrics = metrics;
		this.token = token;
	}

	/**
	 * Waits until the proof cache holds every complete node of the upper levels; returns
	 * how long that took, or empty if the server publishes no such gauge (an older jar).
	 */
	java.util.Optional<Duration> awaitProofCache(Duration timeout) throws IOException, InterruptedException {
		long start = System.nanoTime();
		while (true) {
			OptionalDouble pending = value(scrape(), "countersign_ledger_proof_cache_pending", "");
			if (pending.isEmpty()) {
				return java.util.Optional.empty();
			}
			Duration waited = Duration.ofNanos(System.nanoTime() - start);
			if (pending.getAsDouble() == 0) {
				return java.util.Optional.of(waited);
			}
			if (waited.compareTo(timeout) > 0) {
				throw new IOException("the proof cache still had " + (long) pending.getAsDouble()
						+ " nodes to read after " + timeout.toSeconds() + " s");
			}
			Thread.sleep(100);
		}
	}

	/** "in the server: proof p50 …, p99 …; its query p50 …, p99 …". */
	String describe(String kind) throws IOException, InterruptedException {
		String text = scrape();
		OptionalDouble p50 = value(text, "countersign_ledger_proof_seconds",
				"kind=\"" + kind + "\",[^}]*quantile=\"0.5\"");
		OptionalDouble p99 = value(text, "countersign_ledger_proof_seconds",
				"kind=\"" + kind + "\",[^}]*quantile=\"0.99\"");
		OptionalDouble readsP50 = value(text, "countersign_ledger_proof_reads_seconds", "quantile=\"0.5\"");
		OptionalDouble readsP99 = value(text, "countersign_ledger_proof_reads_seconds", "quantile=\"0.99\"");
		if (p50.isEmpty() || p99.isEmpty() || readsP50.isEmpty() || readsP99.isEmpty()) {
			return "in the server: no proof timings published (" + p50 + p99 + readsP50 + readsP99 + ")";
		}
		return String.format("in the server: proof p50 %.2f ms, p99 %.2f ms; its query p50 %.2f ms, p99 %.2f ms",
				p50.getAsDouble() * 1e3, p99.getAsDouble() * 1e3, readsP50.getAsDouble() * 1e3,
				readsP99.getAsDouble() * 1e3);
	}

	private String scrape() throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(this.metrics).header("Authorization", "Bearer " + this.token).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IOException("GET " + this.metrics + " answered " + response.statusCode());
		}
		return response.body();
	}

	private static OptionalDouble value(String metrics, String name, String labels) {
		Matcher line = Pattern.compile("^" + name + "(\\{[^}]*" + labels + "[^}]*})? (\\S+)$", Pattern.MULTILINE)
			.matcher(metrics);
		return line.find() ? OptionalDouble.of(Double.parseDouble(line.group(2))) : OptionalDouble.empty();
	}

}
