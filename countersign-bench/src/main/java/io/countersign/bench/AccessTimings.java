package io.countersign.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What access control cost inside the server while it was under load, read from its own
 * timers ({@code countersign_access_authentication_seconds} and
 * {@code countersign_access_authorization_seconds}, p50 and p99 over about the last 20
 * seconds): a measurement of the check itself, free of the noise that swamps a 1 ms
 * difference between two end-to-end runs on a busy two-core machine.
 */
record AccessTimings(double authenticationP50Micros, double authenticationP99Micros, double authorizationP50Micros,
		double authorizationP99Micros) {

	static AccessTimings scrape(URI metrics, String token) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(metrics).header("Authorization", "Bearer " + token).build(),
					HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IOException("GET " + metrics + " answered " + response.statusCode());
		}
		String text = response.body();
		return new AccessTimings(micros(text, "authentication", "0.5"), micros(text, "authentication", "0.99"),
				micros(text, "authorization", "0.5"), micros(text, "authorization", "0.99"));
	}

	private static double micros(String metrics, String timer, String quantile) {
		Matcher line = Pattern
			.compile("^countersign_access_" + timer + "_seconds\\{[^}]*quantile=\"" + Pattern.quote(quantile)
					+ "\"[^}]*} (\\S+)$", Pattern.MULTILINE)
			.matcher(metrics);
		if (!line.find()) {
			throw new IllegalStateException("the server publishes no " + quantile + " quantile of " + timer);
		}
		return Double.parseDouble(line.group(1)) * 1e6;
	}

	/**
	 * Authentication and authorization together, p99: an upper bound of what a request
	 * pays.
	 */
	double accessP99Micros() {
		return this.authenticationP99Micros + this.authorizationP99Micros;
	}

	@Override
	public String toString() {
		return String.format(
				"in the server: token to caller with permissions p50 %.1f µs, p99 %.1f µs; "
						+ "permission check p50 %.1f µs, p99 %.1f µs",
				this.authenticationP50Micros, this.authenticationP99Micros, this.authorizationP50Micros,
				this.authorizationP99Micros);
	}

}
