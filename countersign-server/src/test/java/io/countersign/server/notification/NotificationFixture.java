package io.countersign.server.notification;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.countersign.server.testing.ApiClient;
import tools.jackson.databind.JsonNode;

import static io.countersign.server.approval.ApprovalFixture.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** Notification channels, inboxes and deliveries as the tests drive them, over HTTP. */
final class NotificationFixture {

	static final String SECRET = "whsec-test-0123456789abcdef";

	private final ApiClient admin;

	NotificationFixture(ApiClient admin) {
		this.admin = admin;
	}

	/** Sets up a channel; {@code secret} only for webhooks. Answers its id. */
	String channel(String name, String kind, String target, Optional<String> secret, String... events) {
		StringBuilder json = new StringBuilder(
				"{\"name\":" + quote(name) + ",\"kind\":" + quote(kind) + ",\"target\":" + quote(target));
		secret.ifPresent((value) -> json.append(",\"secret\":").append(quote(value)));
		if (events.length > 0) {
			json.append(",\"events\":[");
			for (int i = 0; i < events.length; i++) {
				json.append((i == 0) ? "" : ",").append(quote(events[i]));
			}
			json.append(']');
		}
		json.append('}');
		HttpResponse<String> created = this.admin.post("/api/v1/notification-channels", "application/json",
				json.toString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return ApiClient.json(created).get("id").asString();
	}

	void email(String username, String address) {
		HttpResponse<String> changed = this.admin.send("PATCH", "/api/v1/users/" + username,
				"{\"email\":" + quote(address) + "}");
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
	}

	/** The caller's inbox items about one request, newest first. */
	static List<JsonNode> inbox(ApiClient api, String requestId) {
		HttpResponse<String> response = api.get("/api/v1/me/inbox");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<JsonNode> items = new ArrayList<>();
		ApiClient.json(response).get("items").forEach((item) -> {
			if (item.path("requestId").asString().equals(requestId)) {
				items.add(item);
			}
		});
		return items;
	}

	/** The deliveries of one channel about one request. */
	List<JsonNode> deliveries(String channelId, String requestId) {
		HttpResponse<String> response = this.admin.get("/api/v1/notification-deliveries?channel=" + channelId);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<JsonNode> items = new ArrayList<>();
		ApiClient.json(response).get("items").forEach((item) -> {
			if (item.path("requestId").asString().equals(requestId)) {
				items.add(item);
			}
		});
		return items;
	}

	/** The one delivery of a channel about a request and event. */
	Optional<JsonNode> delivery(String channelId, String requestId, String event) {
		return deliveries(channelId, requestId).stream()
			.filter((item) -> item.get("event").asString().equals(event))
			.findFirst();
	}

}
