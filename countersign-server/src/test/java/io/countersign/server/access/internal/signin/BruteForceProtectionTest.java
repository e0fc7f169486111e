package io.countersign.server.access.internal.signin;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.countersign.server.access.internal.Browser;
import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.access.internal.accounts.Account;
import io.countersign.server.access.internal.sessions.SessionCookie;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.MutableClock;
import io.countersign.server.testing.PostgresApplicationTest;
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

/**
 * Password guessing is throttled per user name, known or not: 3 failures lock the name
 * for a minute, each further failure for a minute longer, 3 minutes at most.
 */
@TestPropertySource(
		properties = { "countersign.access.session.secure-cookie=false", "countersign.access.lockout.max-failures=3",
				"countersign.access.lockout.step=1m", "countersign.access.lockout.max-wait=3m",
				// all guesses come from one address: not limited by it here
				"countersign.access.failures.per-source-per-minute=1000" })
@Import(TestUsers.class)
class BruteForceProtectionTest extends PostgresApplicationTest {

	private static final String PASSWORD = "the right password";

	private static final String WRONG = "a wrong guess 1234";

	@LocalServerPort
	private int port;

	@Autowired
	private MutableClock clock;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TestUsers users;

	@Test
	void theNameIsLockedAfterTheConfiguredFailuresAndEvenTheRightPasswordFails() {
		Account user = this.users.user(TestUsers.uniqueName("alice"), PASSWORD, "viewer");

		assertThat(Browser.code(signIn(user.username(), WRONG))).isEqualTo("ERR_LOGIN_FAILED");
		assertThat(Browser.code(signIn(user.username(), WRONG))).isEqualTo("ERR_LOGIN_FAILED");
		HttpResponse<String> third = signIn(user.username(), WRONG);
		HttpResponse<String> right = signIn(user.username(), PASSWORD);

		assertThat(third.statusCode()).isEqualTo(401);
		assertThat(Browser.code(third)).isEqualTo("ERR_LOGIN_LOCKED");
		assertThat(right.statusCode()).isEqualTo(401);
		assertThat(Browser.code(right)).isEqualTo("ERR_LOGIN_LOCKED");
		assertThat(right.headers().firstValue("Retry-After")).hasValue("60");
		assertThat(right.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith(SessionCookie.NAME));
	}

	@Test
	void theLockIsReleasedAfterTheWaitAndASuccessForgetsTheFailures() {
		Account user = this.users.user(TestUsers.uniqueName("bob"), PASSWORD, "viewer");
		fail(user.username(), 3);

		this.clock.advance(Duration.ofMinutes(1));

		assertThat(signIn(user.username(), PASSWORD).statusCode()).isEqualTo(201);
		assertThat(throttleRows(user.username())).isZero();
		assertThat(Browser.code(signIn(user.username(), WRONG))).isEqualTo("ERR_LOGIN_FAILED");
	}

	@Test
	void eachFailureAfterALockLocksOneStepLongerUpToTheMaximum() {
		Account user = this.users.user(TestUsers.uniqueName("carol"), PASSWORD, "viewer");
		fail(user.username(), 3);

		this.clock.advance(Duration.ofMinutes(1));
		HttpResponse<String> fourth = signIn(user.username(), WRONG);
		this.clock.advance(Duration.ofMinutes(2));
		HttpResponse<String> fifth = signIn(user.username(), WRONG);
		this.clock.advance(Duration.ofMinutes(3));
		HttpResponse<String> sixth = signIn(user.username(), WRONG);

		assertThat(fourth.headers().firstValue("Retry-After")).hasValue("120");
		assertThat(fifth.headers().firstValue("Retry-After")).hasValue("180");
		assertThat(sixth.headers().firstValue("Retry-After")).hasValue("180");
	}

	@Test
	void unknownNamesAreCountedAndAnsweredExactlyLikeKnownOnes() {
		Account known = this.users.user(TestUsers.uniqueName("dave"), PASSWORD, "viewer");
		String unknown = TestUsers.uniqueName("nobody");

		List<HttpResponse<String>> knownAnswers = fail(known.username(), 4);
		List<HttpResponse<String>> unknownAnswers = fail(unknown, 4);

		for (int i = 0; i < 4; i++) {
			assertThat(unknownAnswers.get(i).statusCode()).isEqualTo(knownAnswers.get(i).statusCode());
			assertThat(withoutInstance(unknownAnswers.get(i))).isEqualTo(withoutInstance(knownAnswers.get(i)));
			assertThat(unknownAnswers.get(i).headers().firstValue("Retry-After"))
				.isEqualTo(knownAnswers.get(i).headers().firstValue("Retry-After"));
		}
		assertThat(Browser.code(unknownAnswers.get(3))).isEqualTo("ERR_LOGIN_LOCKED");
		assertThat(throttleRows(unknown)).isOne();
	}

	@Test
	void archivedAccountsAndAccountsWithoutPasswordFailLikeAWrongPassword() {
		Account archived = this.users.user(TestUsers.uniqueName("erin"), PASSWORD, "viewer");
		this.users.archive(archived);
		Account passwordless = this.users.userWithHash(TestUsers.uniqueName("frank"), Optional.empty(), "viewer");
		Account wrongPassword = this.users.user(TestUsers.uniqueName("grace"), PASSWORD, "viewer");

		HttpResponse<String> expected = signIn(wrongPassword.username(), WRONG);

		for (HttpResponse<String> response : List.of(signIn(archived.username(), PASSWORD),
				signIn(passwordless.username(), PASSWORD))) {
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(withoutInstance(response)).isEqualTo(withoutInstance(expected));
		}
	}

	@Test
	void userNamesAreThrottledWithoutRegardToCase() {
		Account user = this.users.user(TestUsers.uniqueName("heidi"), PASSWORD, "viewer");

		signIn(user.username().toUpperCase(java.util.Locale.ROOT), WRONG);
		signIn(user.username(), WRONG);
		HttpResponse<String> third = signIn(user.username().toUpperCase(java.util.Locale.ROOT), WRONG);

		assertThat(Browser.code(third)).isEqualTo("ERR_LOGIN_LOCKED");
		assertThat(Browser.code(signIn(user.username(), PASSWORD))).isEqualTo("ERR_LOGIN_LOCKED");
	}

	@Test
	void parallelGuessesAreAllCountedAndLockTheNameOnce() {
		String name = TestUsers.uniqueName("ivan");

		List<CompletableFuture<HttpResponse<String>>> guesses = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			guesses.add(CompletableFuture.supplyAsync(() -> signIn(name, WRONG)));
		}
		guesses.forEach(CompletableFuture::join);

		assertThat(this.jdbc.sql("SELECT failures FROM login_throttle WHERE username = ?")
			.param(name)
			.query(Integer.class)
			.single()).isEqualTo(3);
		assertThat(eventsAbout("authn_login_lock", name)).hasSize(1);
		assertThat(Browser.code(signIn(name, WRONG))).isEqualTo("ERR_LOGIN_LOCKED");
	}

	@Test
	void failuresAndLocksAreRecordedWithoutThePassword() {
		Account user = this.users.user(TestUsers.uniqueName("judy"), PASSWORD, "viewer");

		fail(user.username(), 3);
		signIn(user.username(), PASSWORD);

		List<JsonNode> failures = eventsByActor("authn_login_fail", user.username());
		assertThat(failures).hasSize(4);
		assertThat(failures).allSatisfy((event) -> {
			assertThat(event.get("outcome").asString()).isEqualTo("failure");
			assertThat(event.get("actor").get("type").asString()).isEqualTo("user");
			assertThat(event.get("details").get("method").asString()).isEqualTo("password");
		});
		assertThat(failures).extracting((event) -> event.get("reason").asString())
			.containsExactly("locked", "bad credentials", "bad credentials", "bad credentials");
		List<JsonNode> locks = eventsAbout("authn_login_lock", user.username());
		assertThat(locks).hasSize(1);
		assertThat(locks.get(0).get("details").get("failures").asInt()).isEqualTo(3);
		assertThat(locks.get(0).get("details").get("lockedUntil").asString())
			.isEqualTo(this.clock.instant().plus(Duration.ofMinutes(1)).toString());
		assertThat(failures.toString() + locks).doesNotContain(PASSWORD).doesNotContain(WRONG);
	}

	private HttpResponse<String> signIn(String username, String password) {
		return Browser.open(this.port).signIn(username, password);
	}

	private List<HttpResponse<String>> fail(String username, int times) {
		List<HttpResponse<String>> answers = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			answers.add(signIn(username, WRONG));
		}
		return answers;
	}

	private long throttleRows(String username) {
		return this.jdbc.sql("SELECT COUNT(*) FROM login_throttle WHERE username = ?")
			.param(LoginLockout.key(username))
			.query(Long.class)
			.single();
	}

	/** The problem document without {@code instance}, which is the same path anyway. */
	private static String withoutInstance(HttpResponse<String> response) {
		JsonNode problem = ApiClient.json(response);
		return problem.get("code").asString() + "|" + problem.get("detail").asString() + "|"
				+ problem.get("status").asInt();
	}

	private List<JsonNode> eventsByActor(String type, String actor) {
		List<JsonNode> found = new ArrayList<>();
		for (JsonNode row : Browser.events(this.api, type)) {
			if (row.get("event").get("actor").get("id").asString().equals(actor)) {
				found.add(row.get("event"));
			}
		}
		return found;
	}

	private List<JsonNode> eventsAbout(String type, String username) {
		List<JsonNode> found = new ArrayList<>();
		for (JsonNode row : Browser.events(this.api, type)) {
			if (row.get("event").get("resource").get("id").asString().equals(LoginLockout.key(username))) {
				found.add(row.get("event"));
			}
		}
		return found;
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
