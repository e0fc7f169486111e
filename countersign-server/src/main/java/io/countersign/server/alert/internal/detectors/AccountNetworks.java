package io.countersign.server.alert.internal.detectors;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code alert_account_network} table: the networks each account signed in from and
 * when last (D5). Written in the caller's transaction (the detection engine's).
 */
@Repository
class AccountNetworks {

	private final JdbcClient jdbc;

	AccountNetworks(DataSource dataSource) {
		this.jdbc = JdbcClient.create(dataSource);
	}

	/** The account's networks last seen after {@code since}, with when. */
	Map<String, Instant> seenSince(String account, Instant since) {
		Map<String, Instant> seen = new HashMap<>();
		this.jdbc.sql("SELECT network, last_seen FROM alert_account_network WHERE account = ? AND last_seen > ?")
			.params(account, utc(since))
			.query((row) -> {
				seen.put(row.getString("network"), row.getObject("last_seen", OffsetDateTime.class).toInstant());
			});
		return seen;
	}

	/** Notes a sign-in of {@code account} from {@code network} at {@code at}. */
	void seen(String account, String network, Instant at) {
		int updated = this.jdbc
			.sql("UPDATE alert_account_network SET last_seen = ? WHERE account = ? AND network = ? AND last_seen < ?")
			.params(utc(at), account, network, utc(at))
			.update();
		if (updated == 0 && !exists(account, network)) {
			this.jdbc.sql("""
					INSERT INTO alert_account_network (account, network, first_seen, last_seen)
					VALUES (?, ?, ?, ?)""").params(account, network, utc(at), utc(at)).update();
		}
	}

	/** Forgets the account's networks not seen after {@code before}. */
	void forget(String account, Instant before) {
		this.jdbc.sql("DELETE FROM alert_account_network WHERE account = ? AND last_seen <= ?")
			.params(account, utc(before))
			.update();
	}

	private boolean exists(String account, String network) {
		return this.jdbc.sql("SELECT COUNT(*) FROM alert_account_network WHERE account = ? AND network = ?")
			.params(account, network)
			.query(Long.class)
			.single() > 0;
	}

	private static OffsetDateTime utc(Instant at) {
		return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
	}

}
