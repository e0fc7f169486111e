package io.countersign.server.cli.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's HTTP API as the administration commands use it: JSON in and out (or the
 * bytes of a download), and every problem answer turned into an {@link AdminFailure}
 * naming its code.
 */
final class ServerApi {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final URI base;

	private final String token;

	ServerApi(URI base, String token) {
		this.base = base;
		this.token = token;
	}

	JsonNode get(String path) {
		return send("GET", path, null);
	}

	JsonNode post(String path, Map<String, ?> body) {
		return send("POST", path, body);
	}

	JsonNode put(String path, Map<String, ?> body) {
		return send("PUT", path, body);
	}

	JsonNode delete(String path) {
		return send("DELETE", path, null);
	}

	/** GET of a file the server answers with {@code mediaType}, e.g. a zip. */
	byte[] download(String path, String mediaType) {
		HttpRequest request = request(path, mediaType).GET().build();
		HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() >= 400) {
			throw new AdminFailure(problem(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8)));
		}
		return response.body();
	}

	private JsonNode send(String method, String path, Map<String, ?> body) {
		HttpRequest.Builder request = request(path, "application/json");
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 400) {
			throw new AdminFailure(problem(response.statusCode(), response.body()));
		}
		return response.body().isEmpty() ? JSON.createObjectNode() : read(response.body());
	}

	private HttpRequest.Builder request(String path, String accept) {
		return HttpRequest.newBuilder(this.base.resolve(path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + this.token)
			.header("Accept", accept);
	}

	private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
		try {
			return this.client.send(request, handler);
		}
		catch (IOException ex) {
			throw new AdminFailure("cannot reach " + this.base + ": " + ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? " " + ex.getMessage() : ""));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AdminFailure("interrupted");
		}
	}

	private static String problem(int status, String body) {
		try {
			JsonNode problem = JSON.readTree(body);
			String code = problem.path("code").asString("HTTP " + status);
			String detail = problem.path("detail").asString(problem.path("title").asString(""));
			return code + ": " + detail;
		}
		catch (JacksonException ex) {
			return "HTTP " + status + " from the server";
		}
	}

	private static JsonNode read(String body) {
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new AdminFailure("the server answered something other than JSON");
		}
	}

}
