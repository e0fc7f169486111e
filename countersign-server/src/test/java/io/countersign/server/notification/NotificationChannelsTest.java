package io.countersign.server.notification;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import io.countersign.server.approval.ApprovalFixture;
import io.countersign.server.approval.ApprovalFixture.Person;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.countersign.server.approval.ApprovalFixture.code;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Channel configuration and e-mail addresses over HTTP: who may set channels up, what is
 * refused, that every change is on the ledger, and that neither a webhook secret nor a
 * Slack URL's secret path is ever shown or recorded.
 */
class NotificationChannelsTest extends PostgresApplicationTest {

	ApprovalFixture approvals;

	NotificationFixture notifications;

	ApiClient admin;

	@BeforeEach
	void fixtures() {
		this.admin = this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
		this.approvals = new ApprovalFixture(this.admin);
		this.notifications = new NotificationFixture(this.admin);
	}

	@Test
	void channelChangesAreAuditedAndSecretsNeverShown() {
		String id = this.notifications.channel("ops hook", "webhook", "https://hooks.example.test/countersign",
				Optional.of(NotificationFixture.SECRET), "approval.requested");
		JsonNode shown = ApiClient.json(this.admin.get("/api/v1/notification-channels/" + id));
		assertThat(shown.get("hasSecret").asBoolean()).isTrue();
		assertThat(shown.has("secret")).isFalse();
		assertThat(shown.toString()).doesNotContain(NotificationFixture.SECRET);

		String slackPath = "/services/T000/B000/XXXXsecretXXXX";
		String slack = this.notifications.channel("ops slack", "slack", "https://hooks.slack.example.test" + slackPath,
				Optional.empty());
		String list = this.admin.get("/api/v1/notification-channels").body();
		assertThat(list).contains("https://hooks.slack.example.test/…").doesNotContain("XXXXsecretXXXX");

		HttpResponse<String> changed = this.admin.send("PUT", "/api/v1/notification-channels/" + id,
				"{\"events\":[\"approval.approved\",\"approval.vetoed\"],\"secret\":\"another-secret-0123456789\"}");
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
		assertThat(ApiClient.json(changed).get("events").toString())
			.isEqualTo("[\"approval.approved\",\"approval.vetoed\"]");
		HttpResponse<String> removed = this.admin.send("DELETE", "/api/v1/notification-channels/" + slack);
		assertThat(removed.statusCode()).isEqualTo(204);
		assertThat(this.admin.get("/api/v1/notification-channels/" + slack).body()).contains("removedAt");
		assertThat(this.admin.send("DELETE", "/api/v1/notification-channels/" + slack).statusCode()).isEqualTo(404);

		List<JsonNode> events = this.approvals.events(id);
		assertThat(events).extracting((event) -> event.get("type").asString())
			.containsExactly("notification_channel_created", "notification_channel_changed");
		assertThat(events.get(0).get("details").get("targetHost").asString()).isEqualTo("hooks.example.test");
		assertThat(events.get(1).get("details").get("changed").toString()).isEqualTo("[\"secret\",\"events\"]");
		assertThat(this.approvals.eventTypes(slack)).containsExactly("notification_channel_created",
				"notification_channel_removed");
		String ledger = events.toString() + this.approvals.events(slack);
		assertThat(ledger).doesNotContain(NotificationFixture.SECRET)
			.doesNotContain("another-secret")
			.doesNotContain("XXXXsecretXXXX");
	}

	@Test
	void badChannelsAreRefusedWithStableCodes() {
		for (String body : List.of("{\"name\":\"x\",\"kind\":\"webhook\",\"target\":\"https://h.example.test\"}",
				"{\"name\":\"x\",\"kind\":\"webhook\",\"target\":\"https://h.example.test\",\"secret\":\"short\"}",
				"{\"name\":\"x\",\"kind\":\"slack\",\"target\":\"https://h.example.test\",\"events\":[\"approval.lost\"]}",
				"{\"name\":\"x\",\"kind\":\"slack\",\"target\":\"https://h.example.test\",\"secret\":\"0123456789abcdefg\"}",
				"{\"name\":\"x\",\"kind\":\"email\",\"target\":\"a@b.test\\r\\nBcc: c@d.test\"}",
				"{\"name\":\"x\",\"kind\":\"pager\",\"target\":\"https://h.example.test\"}",
				"{\"kind\":\"email\",\"target\":\"team@example.test\"}")) {
			HttpResponse<String> refused = this.admin.post("/api/v1/notification-channels", "application/json", body);
			assertThat(refused.statusCode()).as(body + " → " + refused.body()).isEqualTo(400);
			assertThat(code(refused)).isEqualTo("ERR_VALIDATION");
		}
		// a destination Countersign never sends to has a code of its own
		// (OutboundRequestsTest tries every kind of them)
		HttpResponse<String> ftp = this.admin.post("/api/v1/notification-channels", "application/json",
				"{\"name\":\"x\",\"kind\":\"webhook\",\"target\":\"ftp://h.example.test\",\"secret\":\"0123456789abcdefg\"}");
		assertThat(ftp.statusCode()).isEqualTo(400);
		assertThat(code(ftp)).isEqualTo("ERR_OUTBOUND_URL_REFUSED");
		Person alice = this.approvals.person("alice", "approver");
		HttpResponse<String> denied = alice.api()
			.post("/api/v1/notification-channels", "application/json",
					"{\"name\":\"x\",\"kind\":\"email\",\"target\":\"team@example.test\"}");
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(code(denied)).isEqualTo("ERR_PERMISSION_DENIED");
	}

	@Test
	void anAccountsEmailAddressIsValidatedShownAndRemovable() {
		Person alice = this.approvals.person("alice", "approver");
		String path = "/api/v1/users/" + alice.name();
		for (String bad : List.of("not an address", "alice@example.test\\r\\nBcc: eve@example.test", "<a@b.test>",
				"a@b")) {
			HttpResponse<String> refused = this.admin.send("PATCH", path, "{\"email\":\"" + bad + "\"}");
			assertThat(refused.statusCode()).as(bad).isEqualTo(400);
			assertThat(code(refused)).isEqualTo("ERR_VALIDATION");
		}
		this.notifications.email(alice.name(), "alice@example.test");
		assertThat(ApiClient.json(this.admin.get(path)).get("email").asString()).isEqualTo("alice@example.test");
		assertThat(this.approvals.events(alice.name()).get(this.approvals.events(alice.name()).size() - 1).toString())
			.contains("\"changed\":[\"email\"]")
			.doesNotContain("alice@example.test");
		this.notifications.email(alice.name(), "");
		assertThat(ApiClient.json(this.admin.get(path)).has("email")).isFalse();

		HttpResponse<String> created = this.admin.post("/api/v1/users", "application/json",
				"{\"username\":\"bob-" + alice.name().substring(6) + "\",\"email\":\"bob@example.test\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(ApiClient.json(created).get("email").asString()).isEqualTo("bob@example.test");
	}

}
