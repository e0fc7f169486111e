package io.countersign.server.compliance.internal.checks;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.audit.ReservedEvents;
import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.compliance.CheckResult;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * No account unused for 90 days still holds {@code admin}. An account's last use is the
 * latest of: its creation, its console sessions' last activity, its own API tokens' last
 * use, and the latest event Countersign itself recorded with the account as actor. Only
 * Countersign's own event types count, since anyone appending events may name any actor.
 * <p>
 * A token's last use is written at most once per {@code last-use-interval} (5 minutes),
 * which is far finer than 90 days; tokens used only before V19 have none, so such an
 * account looks unused until its next use: the check still errs towards failing.
 * <p>
 * Only the account's own tokens count, never those of service accounts it owns, although
 * a service account counts as its owner for four-eyes (decision 020). The question here
 * is whether this account's admin grant is still exercised, and a bot's token exercises
 * the bot's roles, not its owner's: counting it would keep an idle person's admin alive
 * for as long as their bot runs. A service account that holds admin itself is judged by
 * its own tokens. Each account costs three index probes.
 */
@Component
class StaleAdminAccountsCheck implements Check {

	static final String ID = "stale-admin-accounts";

	static final Duration UNUSED = Duration.ofDays(90);

	// the newest events of one actor looked at for one of Countersign's own
	private static final int RECENT_EVENTS = 50;

	private final JdbcClient jdbc;

	StaleAdminAccountsCheck(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String id() {
		return ID;
	}

	record Admin(String id, String username, Instant createdAt) {
	}

	@Override
	public CheckResult run(CheckContext context) {
		List<Admin> admins = this.jdbc.sql("""
				SELECT a.id, a.username, a.created_at FROM role_grant g JOIN account a ON a.id = g.account_id
				WHERE g.role_name = 'admin' AND a.status = 'active' AND (g.expires_at IS NULL OR g.expires_at > ?)
				ORDER BY a.username
				""")
			.param(CheckContext.utc(context.now()))
			.query((rs, row) -> new Admin(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
			.list();
		Instant cutoff = context.now().minus(UNUSED);
		Map<String, Object> lastUse = new LinkedHashMap<>();
		List<String> stale = new ArrayList<>();
		List<Long> cited = new ArrayList<>();
		for (Admin admin : admins) {
			Instant last = admin.createdAt();
			Optional<Instant> session = this.jdbc
				.sql("SELECT MAX(last_seen_at) FROM console_session WHERE account_id = ?")
				.param(admin.id())
				.query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
				.single();
			if (session.isPresent() && session.get().isAfter(last)) {
				last = session.get();
			}
			Optional<Instant> token = this.jdbc.sql("SELECT MAX(last_used_at) FROM access_token WHERE account_id = ?")
				.param(admin.id())
				.query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
				.single();
			if (token.isPresent() && token.get().isAfter(last)) {
				last = token.get();
			}
			Optional<long[]> event = lastOwnEvent(admin.username());
			if (event.isPresent()) {
				Instant at = Instant.ofEpochMilli(event.get()[1]);
				cited.add(event.get()[0]);
				if (at.isAfter(last)) {
					last = at;
				}
			}
			lastUse.put(admin.username(), last.toString());
			if (last.isBefore(cutoff)) {
				stale.add(admin.username());
			}
		}
		Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("admins", admins.size());
		facts.put("lastUse", lastUse);
		facts.put("unusedFor90Days", stale);
		if (stale.isEmpty()) {
			return Results.of(ID, context, CheckOutcome.PASSED, "Every one of the " + admins.size()
					+ " accounts holding admin was used in the last 90 days (sign-in activity, API token use or its own ledger events).",
					facts, cited);
		}
		return Results.of(
				ID, context, CheckOutcome.FAILED, stale.size() + " of " + admins.size()
						+ " accounts holding admin show no use in the last 90 days: " + String.join(", ", stale) + ".",
				facts, cited);
	}

	// {index, epoch millis} of the actor's latest event of a type only Countersign writes
	private Optional<long[]> lastOwnEvent(String actor) {
		// LIMIT in the statement, so the planner walks the actor index backwards and
		// stops
		return this.jdbc
			.sql("SELECT idx, ts, type FROM ledger_entry WHERE actor_id = ? ORDER BY ts DESC, idx DESC LIMIT "
					+ RECENT_EVENTS)
			.param(actor)
			.query((rs, row) -> new Object[] { rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3) })
			.list()
			.stream()
			.filter((row) -> ReservedEvents.TYPES.contains((String) row[2]))
			.findFirst()
			.map((row) -> new long[] { (Long) row[0], ((Instant) row[1]).toEpochMilli() });
	}

}
