package io.countersign.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A minimal HTTP client for tests: real requests to the running server, optionally with a
 * bearer token.
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client;

	private final URI base;

	private final Map<String, String> headers;

	public ApiClient(int port) {
		this(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + port), Map.of());
	}

	/**
	 * A client that keeps cookies as a browser does (console sessions, CSRF). Like a
	 * browser it does not send {@code Secure} cookies over plain HTTP.
	 */
	public static ApiClient withCookies(int port) {
		HttpClient client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER))
			.build();
		return new ApiClient(client, URI.create("http://127.0.0.1:" + port), Map.of());
	}

	private ApiClient(HttpClient client, URI base, Map<String, String> headers) {
		this.client = client;
		this.base = base;
		this.headers = headers;
	}

	/** The same client, sending {@code Authorization: Bearer <token>}. */
	public ApiClient withToken(String token) {
		return withHeader("Authorization", "Bearer " + token);
	}

	/** The same client, sending one more header on every request. */
	public ApiClient withHeader(String name, String value) {
		Map<String, String> headers = new LinkedHashMap<>(this.headers);
		headers.put(name, value);
		return new ApiClient(this.client, this.base, Map.copyOf(headers));
	}

	public HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	/** A GET whose answer is binary (a ZIP archive, say). */
	public HttpResponse<byte[]> getBytes(String path) {
		return send(request(path).GET(), HttpResponse.BodyHandlers.ofByteArray());
	}

	public HttpResponse<String> post(String path, String contentType, String body) {
		return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** A request with a JSON body, e.g. PUT, PATCH or DELETE. */
	public HttpResponse<String> send(String method, String path, String json) {
		return send(request(path).header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(json)));
	}

	public HttpResponse<String> send(String method, String path) {
		return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(this.base.resolve(path));
		this.headers.forEach(builder::header);
		return builder;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		return send(request, HttpResponse.BodyHandlers.ofString());
	}

	private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
		try {
			return this.client.send(request.build(), body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The response body as JSON. */
	public static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

}
