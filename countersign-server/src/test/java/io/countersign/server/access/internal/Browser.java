package io.countersign.server.access.internal;

import java.net.http.HttpResponse;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.TestSecrets;
import tools.jackson.databind.JsonNode;

/**
 * A test's browser on the console: keeps cookies, fetches a CSRF token and sends it as
 * the console's script would.
 */
public final class Browser {

	public static final String SESSION = "/api/v1/session";

	private final ApiClient cookies;

	private ApiClient csrf;

	private Browser(ApiClient cookies) {
		this.cookies = cookies;
	}

	public static Browser open(int port) {
		return new Browser(ApiClient.withCookies(port));
	}

	/** Requests without the CSRF header (safe requests, or to prove it is required). */
	public ApiClient plain() {
		return this.cookies;
	}

	/**
	 * Requests with the CSRF token in {@code X-CSRF-TOKEN}: fetched once and kept, as the
	 * console's script does; sign-in here fetches a new one, since sign-in rotates it.
	 */
	public ApiClient withCsrf() {
		if (this.csrf == null) {
			return newCsrf();
		}
		return this.csrf;
	}

	/** Fetches a new CSRF token and keeps it for {@link #withCsrf()}. */
	public ApiClient newCsrf() {
		JsonNode csrf = ApiClient.json(this.cookies.get(SESSION + "/csrf"));
		this.csrf = this.cookies.withHeader(csrf.get("headerName").asString(), csrf.get("token").asString());
		return this.csrf;
	}

	public HttpResponse<String> signIn(String username, String password) {
		return signIn("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
	}

	public HttpResponse<String> signIn(String username, String password, String totp) {
		return signIn(
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"totp\":\"" + totp + "\"}");
	}

	private HttpResponse<String> signIn(String json) {
		HttpResponse<String> response = newCsrf().post(SESSION, "application/json", json);
		this.csrf = null;
		return response;
	}

	public HttpResponse<String> me() {
		return this.cookies.get("/api/v1/me");
	}

	public static String code(HttpResponse<String> problem) {
		return ApiClient.json(problem).get("code").asString();
	}

	/** The events of {@code type}, newest first, read with the first admin's token. */
	public static JsonNode events(ApiClient api, String type) {
		HttpResponse<String> response = api.withToken(TestSecrets.BOOTSTRAP_TOKEN)
			.get("/api/v1/events?type=" + type + "&limit=1000");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("events query failed: " + response.body());
		}
		return ApiClient.json(response).get("events");
	}

}
