package io.countersign.server.access.internal;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import io.countersign.ledger.event.Event;
import io.countersign.ledger.event.Submitter;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.audit.ReservedEvents;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An API client tries to pass its events off as Countersign's own: the reserved types,
 * the {@code system} actor, a submitter of its choosing. Every leaf names who really
 * handed it in.
 */
@TestPropertySource(properties = "countersign.access.session.secure-cookie=false")
@Import(TestUsers.class)
class ForgedEventsTest extends PostgresApplicationTest {

	private static final String PASSWORD = "a long enough password";

	@LocalServerPort
	private int port;

	@Autowired
	private TestUsers users;

	@Test
	void everyOwnTypeIsRefusedInAnyCasingAndNothingIsAppended() {
		ApiClient operator = operator();
		long before = size();

		for (String type : ReservedEvents.TYPES) {
			for (String disguised : List.of(type, type.toUpperCase(Locale.ROOT), titleCase(type),
					type.replace('_', '-'), type.replace('_', '.'))) {
				assertReserved(operator.post("/api/v1/events", "application/json", event(disguised, "alice", "user")),
						disguised);
			}
		}
		// one forged event spoils the whole batch
		assertReserved(operator.post("/api/v1/events", "application/json",
				"[" + event("SECRET_ROTATED", "alice", "user") + "," + event("Authz_Change", "alice", "user") + "]"),
				"batch");

		assertThat(size()).isEqualTo(before);
	}

	@Test
	void theSystemActorIsRefusedInAnyCase() {
		ApiClient operator = operator();
		long before = size();

		for (String actorType : List.of("system", "SYSTEM", "System", " system")) {
			assertReserved(operator.post("/api/v1/events", "application/json",
					event("SECRET_ROTATED", "countersign", actorType)), actorType);
		}

		assertThat(size()).isEqualTo(before);
	}

	@Test
	void aSubmitterInTheBodyIsRefused() {
		ApiClient operator = operator();
		long before = size();
		String claimed = ",\"submitter\":{\"account\":\"countersign\",\"credential\":\"internal\"}}";

		assertReserved(operator.post("/api/v1/events", "application/json",
				event("SECRET_ROTATED", "alice", "user").replaceFirst("}$", claimed)), "single");
		assertReserved(operator.post("/api/v1/events", "application/json",
				"[" + event("SECRET_ROTATED", "alice", "user").replaceFirst("}$", claimed) + "]"), "batch");

		assertThat(size()).isEqualTo(before);
	}

	@Test
	void theLeafNamesTheTokensAccountAndTokenIdWhateverActorTheBodyClaims() {
		Account alice = this.users.user(TestUsers.uniqueName("alice"), PASSWORD, "operator");
		ApiClient asAlice = this.api.withToken(this.users.token(alice));
		String tokenId = ApiClient.json(asAlice.get("/api/v1/me/tokens")).get("items").get(0).get("id").asString();

		HttpResponse<String> appended = asAlice.post("/api/v1/events", "application/json",
				event("SECRET_ROTATED", "admin", "user"));

		assertThat(appended.statusCode()).as(appended.body()).isEqualTo(201);
		Event stored = storedLeaf(ApiClient.json(appended).get("index").asLong());
		assertThat(stored.actor().id()).isEqualTo("admin");
		assertThat(stored.submitter()).contains(new Submitter(alice.username(), "token:" + tokenId));
	}

	@Test
	void aConsoleSessionIsNamedBySessionId() {
		Account carol = this.users.user(TestUsers.uniqueName("carol"), PASSWORD, "operator");
		Browser browser = Browser.open(this.port);
		String sessionId = ApiClient.json(browser.signIn(carol.username(), PASSWORD)).get("sessionId").asString();

		HttpResponse<String> appended = browser.withCsrf()
			.post("/api/v1/events", "application/json", event("SECRET_READ", carol.username(), "user"));

		assertThat(appended.statusCode()).as(appended.body()).isEqualTo(201);
		assertThat(storedLeaf(ApiClient.json(appended).get("index").asLong()).submitter())
			.contains(new Submitter(carol.username(), "session:" + sessionId));
	}

	// Over the whole ledger, after sign-ins, a failed one, account changes and appends:
	// Countersign's submitter and its own types go together, both ways.
	@Test
	void onlyCountersignsOwnEventsNameItAsSubmitter() {
		Account dave = this.users.user(TestUsers.uniqueName("dave"), PASSWORD, "operator");
		Browser.open(this.port).signIn(dave.username(), PASSWORD);
		Browser.open(this.port).signIn(dave.username(), "wrong password, long enough");
		HttpResponse<String> created = admin().post("/api/v1/users", "application/json",
				"{\"username\":\"" + TestUsers.uniqueName("erin") + "\",\"kind\":\"service\",\"roles\":[\"agent\"]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		operator().post("/api/v1/events", "application/json", event("DEPLOYMENT_EXECUTED", "ci", "service"));

		List<JsonNode> events = allEvents();

		assertThat(events).extracting((event) -> event.get("type").asString())
			.contains("user_created", "authz_change", "authn_token_created", "authn_login_success", "authn_login_fail",
					"session_created", "DEPLOYMENT_EXECUTED");
		for (JsonNode event : events) {
			String type = event.get("type").asString();
			Submitter submitter = new Submitter(event.get("submitter").get("account").asString(),
					event.get("submitter").get("credential").asString());
			boolean own = submitter.equals(ReservedEvents.COUNTERSIGN);
			assertThat(ReservedEvents.TYPES.contains(type)).as(event.toString()).isEqualTo(own);
			assertThat(ReservedEvents.namespaceOf(type).isPresent()).as(event.toString()).isEqualTo(own);
			if (ReservedEvents.isSystemActorType(event.get("actor").get("type").asString())) {
				assertThat(own).as(event.toString()).isTrue();
			}
		}
		assertThat(ApiClient.json(admin().get("/api/v1/ledger/verify")).get("intact").asBoolean()).isTrue();
	}

	private ApiClient operator() {
		Account operator = this.users.user(TestUsers.uniqueName("op"), PASSWORD, "operator");
		return this.api.withToken(this.users.token(operator));
	}

	private ApiClient admin() {
		return this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN);
	}

	private Event storedLeaf(long index) {
		JsonNode entry = ApiClient.json(admin().get("/api/v1/ledger/entries/" + index));
		return Event.fromLeaf(Base64.getDecoder().decode(entry.get("leaf").asString()));
	}

	private long size() {
		HttpResponse<String> checkpoint = admin().send("POST", "/api/v1/ledger/checkpoint");
		return Long.parseLong(checkpoint.body().split("\n")[1]);
	}

	private List<JsonNode> allEvents() {
		List<JsonNode> events = new ArrayList<>();
		String page = "/api/v1/events?order=oldest&limit=1000";
		while (page != null) {
			JsonNode json = ApiClient.json(admin().get(page));
			json.get("events").forEach((item) -> events.add(item.get("event")));
			page = json.has("next") && !json.get("next").isNull()
					? "/api/v1/events?order=oldest&limit=1000&cursor=" + json.get("next").asString() : null;
		}
		return events;
	}

	private static void assertReserved(HttpResponse<String> response, String what) {
		assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(403);
		assertThat(Browser.code(response)).as(what).isEqualTo("ERR_RESERVED_EVENT");
	}

	private static String event(String type, String actorId, String actorType) {
		return "{\"type\":\"" + type + "\",\"actor\":{\"id\":\"" + actorId + "\",\"type\":\"" + actorType + "\"}}";
	}

	private static String titleCase(String type) {
		StringBuilder title = new StringBuilder();
		for (String word : type.split("_")) {
			title.append(title.isEmpty() ? "" : "_")
				.append(Character.toUpperCase(word.charAt(0)))
				.append(word.substring(1));
		}
		return title.toString();
	}

}
