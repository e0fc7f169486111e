package io.countersign.server.approval.internal.policies;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.TestSecrets;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policies and access API as the tests drive them, over real HTTP: {@code admin} is
 * the first admin (the bootstrap token's account).
 */
record PolicyApi(ApiClient admin) {

	static PolicyApi of(ApiClient api) {
		return new PolicyApi(api.withToken(TestSecrets.BOOTSTRAP_TOKEN));
	}

	/** Creates an account holding {@code roles}; fails the test if refused. */
	void createUser(String username, String... roles) {
		List<String> quoted = new ArrayList<>();
		for (String role : roles) {
			quoted.add("\"" + role + "\"");
		}
		HttpResponse<String> response = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"" + username + "\",\"roles\":[" + String.join(",", quoted) + "]}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	/** Creates a role giving {@code permissions} (scope all). */
	void createRole(String name, String... permissions) {
		List<String> members = new ArrayList<>();
		for (String permission : permissions) {
			members.add("\"" + permission + "\":\"all\"");
		}
		HttpResponse<String> response = this.admin.post("/api/v1/roles", "application/json", "{\"name\":\"" + name
				+ "\",\"description\":\"test\",\"permissions\":{" + String.join(",", members) + "}}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
	}

	/** A client authenticated as {@code username} with a fresh token. */
	ApiClient as(String username) {
		HttpResponse<String> response = this.admin.post("/api/v1/users/" + username + "/tokens", "application/json",
				"{\"name\":\"test\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return this.admin.withToken(ApiClient.json(response).get("token").asString());
	}

	/** {@code POST /api/v1/policies} by {@code client}. */
	static HttpResponse<String> propose(ApiClient client, String json) {
		return client.post("/api/v1/policies", "application/json", json);
	}

	/**
	 * A policy's JSON with the given action type and quorum, the other members typical.
	 */
	static String policy(String actionType, String quorum, String... initiators) {
		List<String> quoted = new ArrayList<>();
		for (String role : (initiators.length == 0) ? new String[] { "operator" } : initiators) {
			quoted.add("\"" + role + "\"");
		}
		return "{\"actionType\":\"" + actionType + "\",\"description\":\"Test policy\",\"initiators\":["
				+ String.join(",", quoted) + "],\"quorum\":\"" + quorum
				+ "\",\"expiresIn\":\"PT24H\",\"minJustification\":20,\"elevated\":false,\"execution\":\"initiator\"";
	}

	/** The stored events of {@code type} concerning {@code resourceId}, oldest first. */
	List<JsonNode> events(String type, String resourceId) {
		HttpResponse<String> response = this.admin
			.get("/api/v1/events?order=oldest&limit=1000&type=" + type + "&resourceId=" + resourceId);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<JsonNode> events = new ArrayList<>();
		ApiClient.json(response).get("events").forEach((item) -> events.add(item.get("event")));
		return events;
	}

	/** The stored events of {@code type}, oldest first. */
	List<JsonNode> events(String type) {
		HttpResponse<String> response = this.admin.get("/api/v1/events?order=oldest&limit=1000&type=" + type);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<JsonNode> events = new ArrayList<>();
		ApiClient.json(response).get("events").forEach((item) -> events.add(item.get("event")));
		return events;
	}

	static String code(HttpResponse<String> response) {
		return ApiClient.json(response).get("code").asString();
	}

	static String detail(HttpResponse<String> response) {
		return ApiClient.json(response).get("detail").asString();
	}

}
