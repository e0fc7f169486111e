package io.countersign.server.alert.internal.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The one row of {@code alert_detection}: the stored position and the detection lease.
 * Taking the lease raises the epoch; advancing the position is a compare-and-set on
 * holder, epoch and the position read, so a holder that lost the lease (paused past its
 * expiry, say) can never move it, and its transaction rolls back with its alerts.
 */
@Repository
class DetectionRow {

	private final JdbcClient jdbc;

	DetectionRow(DataSource dataSource) {
		this.jdbc = JdbcClient.create(dataSource);
	}

	/** What the row says. */
	record Position(long nextIndex, Optional<Instant> lastTime, Optional<String> holder, long epoch,
			Instant leaseUntil) {

	}

	Position read() {
		return this.jdbc.sql("SELECT next_index, last_ts, holder, epoch, lease_until FROM alert_detection WHERE id = 1")
			.query(DetectionRow::position)
			.single();
	}

	/**
	 * Extends the lease of {@code holder} in {@code epoch}; false if it is not theirs.
	 */
	boolean renew(String holder, long epoch, Instant until) {
		return this.jdbc.sql("UPDATE alert_detection SET lease_until = ? WHERE id = 1 AND holder = ? AND epoch = ?")
			.params(utc(until), holder, epoch)
			.update() == 1;
	}

	/**
	 * Takes the lease if nobody holds it or it lapsed before {@code now}, in a new epoch;
	 * false if another holder's lease runs.
	 */
	boolean take(String holder, Instant now, Instant until) {
		return this.jdbc.sql("""
				UPDATE alert_detection SET holder = ?, epoch = epoch + 1, lease_until = ?
				WHERE id = 1 AND (holder IS NULL OR lease_until < ?)
				""").params(holder, utc(until), utc(now)).update() == 1;
	}

	/**
	 * Moves the position from {@code from} to {@code to} and renews the lease, if
	 * {@code holder} still holds it in {@code epoch}; locks the row until the transaction
	 * ends, so nobody takes the lease over meanwhile.
	 */
	boolean advance(String holder, long epoch, long from, long to, Instant lastTime, Instant until) {
		return this.jdbc.sql("""
				UPDATE alert_detection SET next_index = ?, last_ts = ?, lease_until = ?
				WHERE id = 1 AND holder = ? AND epoch = ? AND next_index = ?
				""").params(to, utc(lastTime), utc(until), holder, epoch, from).update() == 1;
	}

	/** Gives the lease up at shutdown, so another instance takes over at once. */
	void release(String holder, long epoch) {
		this.jdbc.sql("UPDATE alert_detection SET holder = NULL WHERE id = 1 AND holder = ? AND epoch = ?")
			.params(holder, epoch)
			.update();
	}

	private static Position position(ResultSet row, int n) throws SQLException {
		OffsetDateTime last = row.getObject(2, OffsetDateTime.class);
		return new Position(row.getLong(1), Optional.ofNullable(last).map(OffsetDateTime::toInstant),
				Optional.ofNullable(row.getString(3)), row.getLong(4),
				row.getObject(5, OffsetDateTime.class).toInstant());
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
