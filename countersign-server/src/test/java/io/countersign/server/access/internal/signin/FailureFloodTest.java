package io.countersign.server.access.internal.signin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.countersign.server.access.internal.Browser;
import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.sessions.SessionCookie;
import io.countersign.server.testing.MutableClock;
import io.countersign.server.testing.PostgresApplicationTest;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An attacker sending random credentials from one address: past 5 failures a minute the
 * address gets 429 and the ledger one summary instead of an event per guess, while valid
 * credentials keep working, from that address and from others. The clock stands still, so
 * every request of a test falls in one minute.
 */
@TestPropertySource(properties = { "countersign.access.failures.per-source-per-minute=5",
		"countersign.access.session.secure-cookie=false" })
@Import(TestUsers.class)
class FailureFloodTest extends PostgresApplicationTest {

	private static final int THRESHOLD = 5;

	private static final int FLOOD = 60;

	private static final String PASSWORD = "the right password";

	@LocalServerPort
	private int port;

	@Autowired
	private MutableClock clock;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private UnauthenticatedFailures failures;

	@Autowired
	private TestUsers users;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void freshMinute() {
		// the previous test's minute is over and summed up
		this.clock.advance(Duration.ofMinutes(1));
		this.failures.flush();
	}

	@Test
	void aFloodOfRandomTokensAddsOnlyTheThresholdAndOneSummaryToTheLedger() {
		long before = ledgerSize();
		List<HttpResponse<String>> answers = new ArrayList<>();
		for (int i = 0; i < FLOOD; i++) {
			answers.add(this.api.withToken("cs_" + UUID.randomUUID()).get("/api/v1/me"));
			if (i % 10 == 9) {
				// valid tokens keep working during the flood, from the flooded address
				// too
				assertThat(this.api.withToken(TestSecrets.BOOTSTRAP_TOKEN).get("/api/v1/me").statusCode())
					.isEqualTo(200);
				assertThat(fromOtherAddress("/api/v1/me", TestSecrets.BOOTSTRAP_TOKEN).statusCode()).isEqualTo(200);
			}
		}

		assertThat(answers.subList(0, THRESHOLD))
			.allSatisfy((answer) -> assertThat(answer.statusCode()).isEqualTo(401));
		assertThat(answers.subList(THRESHOLD, FLOOD)).allSatisfy((answer) -> {
			assertThat(answer.statusCode()).isEqualTo(429);
			assertThat(Browser.code(answer)).isEqualTo("ERR_TOO_MANY_FAILURES");
			assertThat(answer.headers().firstValue("Retry-After")).hasValue(Long.toString(secondsLeftInMinute()));
		});
		assertThat(ledgerSize()).isEqualTo(before + THRESHOLD);

		this.clock.advance(Duration.ofMinutes(1));
		this.failures.flush();

		// the scheduled flush may be the one writing it
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(ledgerSize()).isEqualTo(before + THRESHOLD + 1));
		JsonNode summary = latest(UnauthenticatedFailures.AGGREGATED);
		assertThat(summary.get("source").get("ip").asString()).isEqualTo("127.0.0.1");
		assertThat(summary.get("outcome").asString()).isEqualTo("failure");
		assertThat(summary.get("details").get("failures").asInt()).isEqualTo(FLOOD);
		assertThat(summary.get("details").get("recordedIndividually").asInt()).isEqualTo(THRESHOLD);
		assertThat(summary.get("details").get("methods").get("token").asInt()).isEqualTo(FLOOD);
		assertThat(summary.get("details").get("minute").asString())
			.isEqualTo(this.clock.instant().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES).toString());
	}

	@Test
	void anotherAddressIsNotLimitedByTheFlood() {
		for (int i = 0; i < FLOOD; i++) {
			this.api.withToken("cs_" + UUID.randomUUID()).get("/api/v1/me");
		}

		HttpResponse<String> other = fromOtherAddress("/api/v1/me", "cs_" + UUID.randomUUID());

		assertThat(other.statusCode()).isEqualTo(401);
		assertThat(Browser.code(other)).isEqualTo("ERR_UNAUTHENTICATED");
	}

	@Test
	void unknownSessionCookiesAreLimitedAlike() {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < THRESHOLD + 3; i++) {
			statuses.add(this.api.withHeader("Cookie", SessionCookie.NAME + "=" + UUID.randomUUID())
				.get("/api/v1/me")
				.statusCode());
		}

		assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429, 429, 429);
	}

	@Test
	void passwordGuessesAreLimitedButTheRightPasswordStillSignsIn() {
		Account user = this.users.user(TestUsers.uniqueName("admin"), PASSWORD, "viewer");
		String sprayed = TestUsers.uniqueName("sprayed");
		long before = ledgerSize();

		List<HttpResponse<String>> guesses = new ArrayList<>();
		for (int i = 0; i < THRESHOLD + 3; i++) {
			guesses.add(Browser.open(this.port).signIn(sprayed + i, "a wrong guess 1234"));
		}
		HttpResponse<String> right = Browser.open(this.port).signIn(user.username(), PASSWORD);

		assertThat(guesses.subList(0, THRESHOLD))
			.allSatisfy((guess) -> assertThat(Browser.code(guess)).isEqualTo("ERR_LOGIN_FAILED"));
		assertThat(guesses.subList(THRESHOLD, guesses.size())).allSatisfy((guess) -> {
			assertThat(guess.statusCode()).isEqualTo(429);
			assertThat(Browser.code(guess)).isEqualTo("ERR_TOO_MANY_FAILURES");
			assertThat(guess.headers().firstValue("Retry-After")).isPresent();
		});
		assertThat(right.statusCode()).isEqualTo(201);
		// the failures recorded one by one, then the sign-in and its session
		assertThat(ledgerSize()).isEqualTo(before + THRESHOLD + 2);

		this.clock.advance(Duration.ofMinutes(1));
		this.failures.flush();

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(ledgerSize()).isEqualTo(before + THRESHOLD + 3));
		JsonNode summary = latest(UnauthenticatedFailures.AGGREGATED);
		assertThat(summary.get("details").get("failures").asInt()).isEqualTo(THRESHOLD + 3);
		assertThat(summary.get("details").get("methods").get("password").asInt()).isEqualTo(THRESHOLD + 3);
		assertThat(summary.get("details").get("usernames").asInt()).isEqualTo(THRESHOLD + 3);
		assertThat(summary.toString()).doesNotContain("a wrong guess");
	}

	@Test
	void aSourceUnderTheLimitLeavesNoSummary() {
		this.api.withToken("cs_" + UUID.randomUUID()).get("/api/v1/me");
		long before = ledgerSize();

		this.clock.advance(Duration.ofMinutes(1));
		this.failures.flush();

		assertThat(ledgerSize()).isEqualTo(before);
	}

	private long secondsLeftInMinute() {
		return Math.max(1, this.failures.retryAfter().toSeconds());
	}

	/**
	 * The entries the front door wrote: all but the alert module's own, which a flood
	 * rightly raises (rules D2, D3) at a time of the detection engine's choosing.
	 */
	private long ledgerSize() {
		return this.jdbc.sql("SELECT COUNT(*) FROM ledger_entry WHERE type NOT LIKE 'alert\\_%' ESCAPE '\\'")
			.query(Long.class)
			.single();
	}

	private JsonNode latest(String type) {
		return Browser.events(this.api, type).get(0).get("event");
	}

	/** A request from ::1 instead of 127.0.0.1: another source address. */
	private HttpResponse<String> fromOtherAddress(String path, String token) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://[::1]:" + this.port + path))
			.header("Authorization", "Bearer " + token)
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock();
		}

	}

}
