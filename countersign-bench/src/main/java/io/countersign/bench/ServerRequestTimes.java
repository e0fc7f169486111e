package io.countersign.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own time for one route, from the {@code http_server_requests_seconds}
 * histogram its request timer publishes once the server runs with
 * {@link #SERVER_OPTIONS}: the time from the first filter (before authentication) to the
 * response, without the client or the loopback. Two scrapes are subtracted, so the
 * figures cover exactly the requests in between; a percentile is the upper bound of the
 * histogram bucket it falls in (buckets grow by about 10%, and one ends at the target).
 */
final class ServerRequestTimes {

	/**
	 * JVM options that make the server publish the buckets, with one bucket ending at
	 * {@code targetMillis}. Only the published meter changes, not the request path.
	 */
	static java.util.List<String> serverOptions(int targetMillis) {
		return java.util.List.of("-Dmanagement.metrics.distribution.percentiles-histogram.http.server.requests=true",
				"-Dmanagement.metrics.distribution.slo.http.server.requests=" + targetMillis + "ms");
	}

	private static final Pattern LINE = Pattern
		.compile("^http_server_requests_seconds_(bucket|count|sum)\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);

	private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

	private final URI metrics;

	private final String token;

	private final String uri;

	private final HttpClient client = HttpClient.newHttpClient();

	/**
	 * @param metrics the server's Prometheus endpoint
	 * @param token a bearer token allowed to read it
	 * @param uri the route's template as the timer tags it, e.g. {@code /ui/audit}
	 */
	ServerRequestTimes(URI metrics, String token, String uri) {
		this.metrics = metrics;
		this.token = token;
		this.uri = uri;
	}

	/** The route's answered-200 requests so far. */
	Snapshot snapshot() throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(this.metrics).header("Authorization", "Bearer " + this.token).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IOException("GET " + this.metrics + " answered " + response.statusCode());
		}
		return parse(response.body(), this.uri);
	}

	static Snapshot parse(String text, String uri) {
		NavigableMap<Double, Double> buckets = new TreeMap<>();
		double count = 0;
		double sum = 0;
		Matcher line = LINE.matcher(text);
		String tag = "uri=\"" + uri + "\"";
		while (line.find()) {
			String labels = line.group(2);
			if (!labels.contains(tag) || !labels.contains("status=\"200\"")) {
				continue;
			}
			double value = Double.parseDouble(line.group(3));
			switch (line.group(1)) {
				case "count" -> count += value;
				case "sum" -> sum += value;
				default -> {
					Matcher le = LE.matcher(labels);
					if (le.find() && !le.group(1).equals("+Inf")) {
						buckets.merge(Double.parseDouble(le.group(1)), value, Double::sum);
					}
				}
			}
		}
		return new Snapshot(buckets, count, sum);
	}

	/**
	 * Cumulative bucket counts (upper bound in seconds → requests at or under it), the
	 * request count and the summed seconds.
	 */
	record Snapshot(NavigableMap<Double, Double> buckets, double count, double sum) {

		/** What happened between {@code earlier} and this one. */
		Snapshot since(Snapshot earlier) {
			NavigableMap<Double, Double> difference = new TreeMap<>();
			this.buckets.forEach((le, value) -> difference.put(le, value - earlier.buckets.getOrDefault(le, 0.0)));
			return new Snapshot(difference, this.count - earlier.count, this.sum - earlier.sum);
		}

		/**
		 * The upper bound of the bucket holding the {@code quantile}'s request (nearest
		 * rank), or empty if it lies past the last bucket or nothing was counted.
		 */
		java.util.Optional<Duration> percentile(double quantile) {
			if (this.count <= 0) {
				return java.util.Optional.empty();
			}
			double rank = Math.ceil(quantile * this.count);
			for (Map.Entry<Double, Double> bucket : this.buckets.entrySet()) {
				if (bucket.getValue() >= rank) {
					return java.util.Optional.of(Duration.ofNanos(Math.round(bucket.getKey() * 1e9)));
				}
			}
			return java.util.Optional.empty();
		}

		/** Requests answered within {@code limit} (needs a bucket ending there). */
		double within(Duration limit) {
			Double atLimit = this.buckets.get(limit.toNanos() / 1e9);
			return (atLimit != null) ? atLimit : Double.NaN;
		}

		Duration mean() {
			return (this.count > 0) ? Duration.ofNanos(Math.round(this.sum / this.count * 1e9)) : Duration.ZERO;
		}

	}

}
