package io.countersign.server.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.countersign.ledger.json.Json;

/**
 * A small client of the ledger's HTTP API for tests: real HTTP, bearer token, JSON read
 * with the ledger's own strict parser.
 */
final class LedgerApi {

	static final String TOKEN = "cs_test_audit_token_0123456789abcdef";

	static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String base;

	private final String token;

	LedgerApi(int port) {
		this(port, TOKEN);
	}

	/** The API as another caller, by its bearer token. */
	LedgerApi(int port, String token) {
		this.base = "http://127.0.0.1:" + port;
		this.token = token;
	}

	record Response(int status, String body, HttpResponse<String> raw) {

		@SuppressWarnings("unchecked")
		Map<String, Object> json() {
			return (Map<String, Object>) Json.parse(this.body);
		}

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> jsonArray() {
			return (List<Map<String, Object>>) Json.parse(this.body);
		}

		String code() {
			return (String) json().get("code");
		}

		String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

	}

	Response post(String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	Response post(String path, String contentType, byte[] body) {
		return send(
				request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	Response get(String path) {
		return send(request(path).GET());
	}

	Response getWithoutToken(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(60)).GET());
	}

	/** Appends one event and returns its receipt. */
	Map<String, Object> append(String json) {
		Response response = post("/api/v1/events", json);
		if (response.status() != 201) {
			throw new AssertionError("append answered " + response.status() + ": " + response.body());
		}
		return response.json();
	}

	/** The tree size, as a freshly cut checkpoint states it. */
	long size() {
		Response response = send(request("/api/v1/ledger/checkpoint").POST(HttpRequest.BodyPublishers.noBody()));
		String note = response.body();
		return Long.parseLong(note.split("\n")[1]);
	}

	String cutCheckpoint() {
		Response response = send(request("/api/v1/ledger/checkpoint").POST(HttpRequest.BodyPublishers.noBody()));
		if (response.status() != 200) {
			throw new AssertionError("checkpoint answered " + response.status() + ": " + response.body());
		}
		return response.body();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + this.token);
	}

	private static Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = HTTP.send(request.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Response(response.statusCode(), response.body(), response);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A valid event with a given actor and type. */
	static String event(String actor, String type) {
		return "{\"type\":\"" + type + "\",\"actor\":{\"id\":\"" + actor + "\",\"type\":\"user\"}}";
	}

}
