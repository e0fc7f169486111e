package io.countersign.server.audit;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.verify.Failure;
import io.countersign.ledger.verify.Intact;
import io.countersign.ledger.verify.Tampered;
import io.countersign.ledger.verify.VerifyResult;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database superuser changes a query column of a row and leaves its leaf alone. The
 * columns are copies of leaf members that only choose rows: verification names the row
 * and the column, and no search shows the row, neither under the forged value nor under
 * the true one, so an answer never holds an event its filters do not match.
 */
abstract class ForgedColumnsContract {

	@LocalServerPort
	int port;

	@Autowired
	LedgerVerification verification;

	private int events;

	/** Runs statements past the append-only trigger, as a database superuser could. */
	abstract void tamper(String... statements) throws SQLException;

	/**
	 * One change of a column: the statement that forges it and the one that undoes it, a
	 * search that selects the forged value and one that selects the true value.
	 */
	private record Forgery(String column, String forge, String undo, String forgedSearch, String trueSearch) {

	}

	@Test
	void everyForgedColumnIsNamedByVerificationAndNoSearchShowsTheRow() throws SQLException {
		LedgerApi api = new LedgerApi(this.port);
		long victorsOwn = append(api, "victor", "v-0");
		for (Forgery forgery : forgeries()) {
			int n = ++this.events;
			String actor = "trent-" + n;
			long index = append(api, actor, "v-" + n);
			Instant ts = leafTs(api, index);
			String forgedSearch = forgery.forgedSearch()
				.replace("{n}", "" + n)
				.replace("{later}", ts.plus(30, ChronoUnit.MINUTES).toString());
			String trueSearch = forgery.trueSearch().replace("{n}", "" + n);
			assertThat(indexes(api, trueSearch)).as(forgery.column()).contains(index);
			assertThat(this.verification.verify()).isInstanceOf(Intact.class);

			tamper("UPDATE ledger_entry SET " + forgery.forge() + " WHERE idx = " + index);

			VerifyResult result = this.verification.verify();
			assertThat(result).as(forgery.column()).isInstanceOf(Tampered.class);
			Tampered tampered = (Tampered) result;
			assertThat(tampered.summary()).as(forgery.forge())
				.startsWith(Failure.COLUMN_MISMATCH + " at index " + index + ": column " + forgery.column() + " ");
			assertThat(indexes(api, forgedSearch)).as(forgery.forge() + ": " + forgedSearch).doesNotContain(index);
			assertThat(indexes(api, trueSearch)).as(forgery.forge() + ": " + trueSearch).doesNotContain(index);
			assertThat(indexes(api, "actor=victor")).containsExactly(victorsOwn);

			tamper("UPDATE ledger_entry SET " + forgery.undo() + " WHERE idx = " + index);
			assertThat(this.verification.verify()).as("undone: " + forgery.undo()).isInstanceOf(Intact.class);
			assertThat(indexes(api, trueSearch)).contains(index);
		}
		String metrics = api.get("/actuator/prometheus").body();
		assertThat(metrics.lines().filter((line) -> line.startsWith("countersign_ledger_rows_withheld_total{")))
			.anyMatch((line) -> line.contains("column=\"actor_id\""))
			.anyMatch((line) -> line.contains("column=\"ts\""));
	}

	private static List<Forgery> forgeries() {
		return List.of(
				new Forgery("ts", "ts = ts + INTERVAL '1' HOUR", "ts = ts - INTERVAL '1' HOUR",
						"actor=trent-{n}&from={later}", "actor=trent-{n}"),
				new Forgery("type", "type = 'forged_type'", "type = 'column_check'", "type=forged_type",
						"actor=trent-{n}&type=column_check"),
				new Forgery("actor_id", "actor_id = 'victor'", "actor_id = 'trent-" + "' || SUBSTRING(resource_id, 3)",
						"actor=victor", "actor=trent-{n}"),
				new Forgery("actor_type", "actor_type = 'service'", "actor_type = 'user'", "actor=trent-{n}",
						"actor=trent-{n}"),
				new Forgery("action", "action = 'forged'", "action = 'inspect'", "actor=trent-{n}&action=forged",
						"actor=trent-{n}&action=inspect"),
				new Forgery("action", "action = NULL", "action = 'inspect'", "actor=trent-{n}",
						"actor=trent-{n}&action=inspect"),
				new Forgery("resource_type", "resource_type = 'forged'", "resource_type = 'vault'",
						"resourceType=forged&resourceId=v-{n}", "resourceType=vault&resourceId=v-{n}"),
				new Forgery("resource_id", "resource_id = 'v-forged'", "resource_id = 'v-' || SUBSTRING(actor_id, 7)",
						"resourceType=vault&resourceId=v-forged", "resourceType=vault&resourceId=v-{n}"),
				new Forgery("outcome", "outcome = 'denied'", "outcome = 'success'", "actor=trent-{n}&outcome=denied",
						"actor=trent-{n}&outcome=success"));
	}

	// Non-ASCII and escaped members take the verifier's parsing path instead of the
	// in-place comparison; the columns as the database returns them must still agree.
	@Test
	void columnsOfEscapedAndNonAsciiMembersVerify() {
		LedgerApi api = new LedgerApi(this.port);
		api.append("{\"type\":\"column_check\",\"actor\":{\"id\":\"zoë \\\"z\\\" 日本\",\"type\":\"user\"},"
				+ "\"action\":\"a\\\\b\",\"resource\":{\"type\":\"vault\",\"id\":\"q\\\"uote\"}}");

		assertThat(this.verification.verify()).isInstanceOf(Intact.class);
	}

	@Test
	void paginationGoesPastAWithheldRowAndSkipsNothing() throws SQLException {
		LedgerApi api = new LedgerApi(this.port);
		List<Long> appended = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			appended.add(append(api, "pat", "p-" + i));
		}
		long forged = appended.get(3);
		tamper("UPDATE ledger_entry SET outcome = 'failure' WHERE idx = " + forged);
		List<Long> expected = new ArrayList<>(appended);
		expected.remove(forged);

		for (int limit : new int[] { 1, 2, 3 }) {
			for (String order : new String[] { "oldest", "newest" }) {
				List<Long> seen = new ArrayList<>();
				String cursor = "";
				int pages = 0;
				do {
					Map<String, Object> page = api
						.get("/api/v1/events?actor=pat&order=" + order + "&limit=" + limit + cursor)
						.json();
					List<Long> indexes = indexesOf(page);
					assertThat(indexes.size()).isLessThanOrEqualTo(limit);
					seen.addAll(indexes);
					cursor = Optional.ofNullable((String) page.get("next")).map((next) -> "&cursor=" + next).orElse("");
				}
				while (!cursor.isEmpty() && ++pages < 20);
				List<Long> inOrder = new ArrayList<>(expected);
				if (order.equals("newest")) {
					java.util.Collections.reverse(inOrder);
				}
				assertThat(seen).as("limit %d, %s first", limit, order).isEqualTo(inOrder);
			}
		}
		tamper("UPDATE ledger_entry SET outcome = 'success' WHERE idx = " + forged);
	}

	// The agent role reads only its own events, by the actor column: a row of someone
	// else's whose actor_id names the agent must not reach it.
	@Test
	void anAgentNeverSeesSomeoneElsesEventForgedIntoItsName() throws SQLException {
		LedgerApi admin = new LedgerApi(this.port);
		admin.post("/api/v1/users", "{\"username\":\"forge-bot\",\"kind\":\"service\",\"roles\":[\"agent\"]}");
		String token = (String) admin.post("/api/v1/users/forge-bot/tokens", "{\"name\":\"t\"}").json().get("token");
		LedgerApi agent = new LedgerApi(this.port, token);
		long own = append(agent, "{\"type\":\"column_check\",\"actor\":{\"id\":\"forge-bot\",\"type\":\"service\"}}");
		long secret = append(admin,
				"{\"type\":\"secret_read\",\"actor\":{\"id\":\"alice\",\"type\":\"user\"},\"reason\":\"private\"}");

		tamper("UPDATE ledger_entry SET actor_id = 'forge-bot', actor_type = 'service' WHERE idx = " + secret);

		LedgerApi.Response answer = agent.get("/api/v1/events");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(indexesOf(answer.json())).containsExactly(own);
		assertThat(answer.body()).doesNotContain("private");
		tamper("UPDATE ledger_entry SET actor_id = 'alice', actor_type = 'user' WHERE idx = " + secret);
	}

	private static long append(LedgerApi api, String actor, String resourceId) {
		return append(api, "{\"type\":\"column_check\",\"actor\":{\"id\":\"" + actor + "\",\"type\":\"user\"},"
				+ "\"action\":\"inspect\",\"resource\":{\"type\":\"vault\",\"id\":\"" + resourceId + "\"}}");
	}

	private static long append(LedgerApi api, String json) {
		return (Long) api.append(json).get("index");
	}

	@SuppressWarnings("unchecked")
	private static Instant leafTs(LedgerApi api, long index) {
		Map<String, Object> entry = api.get("/api/v1/ledger/entries/" + index).json();
		Map<String, Object> event = (Map<String, Object>) entry.get("event");
		return Instant.parse((String) event.get("ts"));
	}

	/**
	 * The indexes a search answers with, after checking that every event it shows matches
	 * its filters by the event's own (leaf) values.
	 */
	@SuppressWarnings("unchecked")
	private static List<Long> indexes(LedgerApi api, String search) {
		LedgerApi.Response answer = api.get("/api/v1/events?limit=1000&" + search);
		assertThat(answer.status()).as(search + ": " + answer.body()).isEqualTo(200);
		Map<String, Object> page = answer.json();
		for (Map<String, Object> item : (List<Map<String, Object>>) page.get("events")) {
			Map<String, Object> event = (Map<String, Object>) item.get("event");
			Map<String, Object> actor = (Map<String, Object>) event.get("actor");
			Map<String, Object> resource = (Map<String, Object>) event.getOrDefault("resource", Map.of());
			for (String filter : search.split("&")) {
				String name = filter.substring(0, filter.indexOf('='));
				String value = filter.substring(filter.indexOf('=') + 1);
				Object shown = switch (name) {
					case "actor" -> actor.get("id");
					case "type" -> event.get("type");
					case "action" -> event.get("action");
					case "resourceType" -> resource.get("type");
					case "resourceId" -> resource.get("id");
					case "outcome" -> event.get("outcome");
					default -> null;
				};
				if (name.equals("from")) {
					assertThat(Instant.parse((String) event.get("ts"))).isAfterOrEqualTo(Instant.parse(value));
				}
				else {
					assertThat(shown).as(search + " shows " + event).isEqualTo(value);
				}
			}
		}
		return indexesOf(page);
	}

	@SuppressWarnings("unchecked")
	private static List<Long> indexesOf(Map<String, Object> page) {
		List<Long> indexes = new ArrayList<>();
		Set<Long> unique = new HashSet<>();
		for (Map<String, Object> item : (List<Map<String, Object>>) page.get("events")) {
			long index = (Long) item.get("index");
			assertThat(unique.add(index)).as("shown twice: " + index).isTrue();
			indexes.add(index);
		}
		return indexes;
	}

}
