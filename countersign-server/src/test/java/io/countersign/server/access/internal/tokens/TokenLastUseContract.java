package io.countersign.server.access.internal.tokens;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.countersign.server.access.internal.AccessApi;
import io.countersign.server.access.internal.TestUsers;
import io.countersign.server.testing.ApiClient;
import io.countersign.server.testing.MutableClock;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What both databases must do with a token's last use: an accepted token records it at
 * most once per interval, a refused one never, and several server instances together
 * write no more often than one.
 */
final class TokenLastUseContract {

	/** The default {@code countersign.access.tokens.last-use-interval}. */
	static final Duration INTERVAL = Duration.ofMinutes(5);

	/**
	 * @param admin a client with the bootstrap token, which lists and issues tokens
	 * @param clock the application's clock
	 */
	record Fixture(ApiClient admin, MutableClock clock, JdbcClient jdbc, AccessTokens tokens) {

		AccessApi access() {
			return new AccessApi(this.admin);
		}

		/** A new viewer and one token of theirs: {@code {username, token id, token}}. */
		String[] viewerWithToken(String prefix, String tokenJson) {
			String username = TestUsers.uniqueName(prefix);
			access().createUser(username, "viewer");
			JsonNode issued = access().issueToken(username, tokenJson);
			return new String[] { username, issued.get("id").asString(), issued.get("token").asString() };
		}

		int use(String token) {
			return this.admin.withToken(token).get("/api/v1/me").statusCode();
		}

		/** The token's {@code lastUsedAt} as the API lists it. */
		Optional<Instant> listedLastUse(String username, String tokenId) {
			HttpResponse<String> listed = this.admin.get("/api/v1/users/" + username + "/tokens");
			assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
			for (JsonNode item : ApiClient.json(listed).get("items")) {
				if (item.get("id").asString().equals(tokenId)) {
					return Optional.ofNullable(item.get("lastUsedAt")).map((at) -> Instant.parse(at.asString()));
				}
			}
			throw new AssertionError("token " + tokenId + " not listed for " + username);
		}

	}

	private TokenLastUseContract() {
	}

	static void aUseIsListedAndWrittenAgainOnlyAfterTheInterval(Fixture fixture) {
		String[] viewer = fixture.viewerWithToken("used", "{\"name\":\"cli\"}");
		assertThat(fixture.listedLastUse(viewer[0], viewer[1])).isEmpty();

		Instant first = fixture.clock().instant();
		assertThat(fixture.use(viewer[2])).isEqualTo(200);
		assertThat(fixture.listedLastUse(viewer[0], viewer[1])).contains(first);

		fixture.clock().advance(INTERVAL);
		assertThat(fixture.use(viewer[2])).isEqualTo(200);
		assertThat(fixture.listedLastUse(viewer[0], viewer[1])).contains(first);

		fixture.clock().advance(Duration.ofSeconds(1));
		Instant later = fixture.clock().instant();
		assertThat(fixture.use(viewer[2])).isEqualTo(200);
		assertThat(fixture.listedLastUse(viewer[0], viewer[1])).contains(later);
	}

	/**
	 * Within the interval the server does not even send the conditional UPDATE: a value
	 * wiped behind its back stays wiped until the interval is over.
	 */
	static void withinTheIntervalNoStatementIsSent(Fixture fixture) {
		String[] viewer = fixture.viewerWithToken("quiet", "{\"name\":\"cli\"}");
		assertThat(fixture.use(viewer[2])).isEqualTo(200);
		assertThat(fixture.listedLastUse(viewer[0], viewer[1])).isPresent();
		fixture.jdbc().sql("UPDATE access_token SET last_used_at = NULL WHERE id = ?").param(viewer[1]).update();

		fixture.clock().advance(Duration.ofMinutes(1));
		for (int i = 0; i < 5; i++) {
			assertThat(fixture.use(viewer[2])).isEqualTo(200);
		}
		assertThat(fixture.listedLastUse(viewer[0], viewer[1])).isEmpty();

		fixture.clock().advance(INTERVAL);
		assertThat(fixture.use(viewer[2])).isEqualTo(200);
		assertThat(fixture.listedLastUse(viewer[0], viewer[1])).contains(fixture.clock().instant());
	}

	/**
	 * The condition that keeps server instances, each with its own memory, from
	 * rewriting.
	 */
	static void theStoredUseIsRewrittenOnlyWhenOlderThanTheInterval(Fixture fixture) {
		String[] viewer = fixture.viewerWithToken("instances", "{\"name\":\"cli\"}");
		Instant first = fixture.clock().instant().plus(Duration.ofDays(1));
		Instant within = first.plus(INTERVAL);
		Instant after = first.plus(INTERVAL).plusSeconds(1);

		assertThat(fixture.tokens().recordUse(viewer[1], first, first.minus(INTERVAL))).isTrue();
		assertThat(fixture.tokens().recordUse(viewer[1], within, within.minus(INTERVAL))).isFalse();
		assertThat(fixture.tokens().findById(viewer[1]).orElseThrow().lastUsedAt()).contains(first);
		assertThat(fixture.tokens().recordUse(viewer[1], after, after.minus(INTERVAL))).isTrue();
		assertThat(fixture.tokens().findById(viewer[1]).orElseThrow().lastUsedAt()).contains(after);
	}

	static void aRevokedTokenRecordsNoUse(Fixture fixture) {
		String[] viewer = fixture.viewerWithToken("revoked", "{\"name\":\"cli\"}");
		Instant used = fixture.clock().instant();
		assertThat(fixture.use(viewer[2])).isEqualTo(200);
		fixture.clock().advance(INTERVAL.plusSeconds(1));
		assertThat(fixture.admin().send("DELETE", "/api/v1/tokens/" + viewer[1]).statusCode()).isEqualTo(204);

		assertThat(fixture.use(viewer[2])).isEqualTo(401);

		assertThat(fixture.listedLastUse(viewer[0], viewer[1])).contains(used);
	}

	static void anExpiredTokenRecordsNoUse(Fixture fixture) {
		Instant used = fixture.clock().instant();
		String[] viewer = fixture.viewerWithToken("expired",
				"{\"name\":\"cli\",\"expiresAt\":\"" + used.plus(Duration.ofMinutes(1)) + "\"}");
		assertThat(fixture.use(viewer[2])).isEqualTo(200);
		fixture.clock().advance(INTERVAL.plusSeconds(1));

		assertThat(fixture.use(viewer[2])).isEqualTo(401);

		assertThat(fixture.listedLastUse(viewer[0], viewer[1])).contains(used);
	}

}
