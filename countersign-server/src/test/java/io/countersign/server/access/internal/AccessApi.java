package io.countersign.server.access.internal;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.countersign.server.testing.ApiClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The access API as the tests drive it: an admin's client and a few shortcuts. */
public record AccessApi(ApiClient admin) {

	/** Creates an account holding {@code roles}; fails the test if refused. */
	public JsonNode createUser(String username, String... roles) {
		String body = "{\"username\":\"" + username + "\",\"roles\":" + jsonArray(roles) + "}";
		HttpResponse<String> response = this.admin.post("/api/v1/users", "application/json", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return ApiClient.json(response);
	}

	/** Issues a token to {@code username}; answers the token's JSON with the token. */
	public JsonNode issueToken(String username, String json) {
		HttpResponse<String> response = this.admin.post("/api/v1/users/" + username + "/tokens", "application/json",
				json);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return ApiClient.json(response);
	}

	/** A client authenticated as {@code username} with a fresh token. */
	public ApiClient as(String username) {
		return this.admin.withToken(issueToken(username, "{\"name\":\"test\"}").get("token").asString());
	}

	/** The stored events of {@code type} concerning {@code resourceId}, oldest first. */
	public List<JsonNode> events(String type, String resourceId) {
		HttpResponse<String> response = this.admin
			.get("/api/v1/events?order=oldest&limit=1000&type=" + type + "&resourceId=" + resourceId);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<JsonNode> events = new ArrayList<>();
		ApiClient.json(response).get("events").forEach((item) -> events.add(item.get("event")));
		return events;
	}

	/** The code of a problem answer. */
	public static String code(HttpResponse<String> response) {
		return ApiClient.json(response).get("code").asString();
	}

	private static String jsonArray(String... values) {
		List<String> quoted = new ArrayList<>();
		for (String value : values) {
			quoted.add("\"" + value + "\"");
		}
		return "[" + String.join(",", quoted) + "]";
	}

}
