package io.countersign.server.alert.internal.routing;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.countersign.server.alert.AlertRaised;
import io.countersign.server.alert.Severity;
import io.countersign.server.testing.ApiClient;

import static io.countersign.server.approval.ApprovalFixture.quote;
import static org.assertj.core.api.Assertions.assertThat;

/** Channels and routes as an administrator sets them over HTTP, and alerts to route. */
final class AlertRoutingFixture {

	static final String SECRET = "whsec-alerts-0123456789abcdef";

	private final ApiClient admin;

	AlertRoutingFixture(ApiClient admin) {
		this.admin = admin;
	}

	/** Sets up a channel ({@code secret} for webhooks) and answers its id. */
	String channel(String name, String kind, String target, Optional<String> secret) {
		String json = "{\"name\":" + quote(name) + ",\"kind\":" + quote(kind) + ",\"target\":" + quote(target)
				+ secret.map((value) -> ",\"secret\":" + quote(value)).orElse("") + "}";
		HttpResponse<String> created = this.admin.post("/api/v1/notification-channels", "application/json", json);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return ApiClient.json(created).get("id").asString();
	}

	void email(String username, String address) {
		HttpResponse<String> changed = this.admin.send("PATCH", "/api/v1/users/" + username,
				"{\"email\":" + quote(address) + "}");
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
	}

	HttpResponse<String> putRoutes(String routesJson) {
		return this.admin.send("PUT", "/api/v1/alerts/routes", "{\"routes\":" + routesJson + "}");
	}

	void routes(String routesJson) {
		HttpResponse<String> put = putRoutes(routesJson);
		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
	}

	/** A JSON array of strings. */
	static String list(String... names) {
		StringBuilder json = new StringBuilder("[");
		for (int i = 0; i < names.length; i++) {
			json.append((i == 0) ? "" : ",").append(quote(names[i]));
		}
		return json.append(']').toString();
	}

	/** A new alert as the alert engine opens it. */
	static AlertRaised opened(Severity severity, String subject, Instant at) {
		return new AlertRaised(UUID.randomUUID().toString(), "D10", "Ledger cannot append", severity, subject,
				"A verification run failed", at, at, 1, List.of(41L, 42L));
	}

	/** A further hit on {@code alert}. */
	static AlertRaised hit(AlertRaised alert, Instant at) {
		return new AlertRaised(alert.alertId(), alert.rule(), alert.title(), alert.severity(), alert.subject(),
				"Another verification run failed", alert.firstSeen(), at, alert.count() + 1, List.of(77L));
	}

}
