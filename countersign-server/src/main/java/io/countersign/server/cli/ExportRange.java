package io.countersign.server.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * What an export covers: the latest stored checkpoint, and the entries with
 * {@code from <= ts < to} inside it. The sequencer never lets ts decrease as the index
 * grows, so those entries are one contiguous index range.
 *
 * @param checkpointSize size of the latest checkpoint; the bundle proves against it
 * @param checkpointNote its signed note
 * @param first first exported index
 * @param end one past the last exported index
 * @param newer entries in the time range that the checkpoint does not cover yet
 * @param from start of the time range (inclusive)
 * @param to end of the time range (exclusive)
 */
record ExportRange(long checkpointSize, String checkpointNote, long first, long end, long newer, Instant from,
		Instant to) {

	private static final Instant END_OF_TIME = Instant.parse("9999-12-31T23:59:59Z");

	long count() {
		return this.end - this.first;
	}

	boolean contains(Instant ts) {
		return !ts.isBefore(this.from) && ts.isBefore(this.to);
	}

	static ExportRange find(Connection connection, Optional<Instant> from, Optional<Instant> to) throws SQLException {
		long size;
		String note;
		try (PreparedStatement select = connection
			.prepareStatement("SELECT tree_size, note FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1");
				ResultSet row = select.executeQuery()) {
			if (!row.next()) {
				throw new CountersignException(ErrorCode.ERR_NOT_FOUND,
						"the ledger has no checkpoint yet: nothing can be exported until one is cut");
			}
			size = row.getLong(1);
			note = row.getString(2);
		}
		try (PreparedStatement select = connection.prepareStatement("""
				SELECT MIN(CASE WHEN idx < ? THEN idx END), MAX(CASE WHEN idx < ? THEN idx END),
				       SUM(CASE WHEN idx < ? THEN 1 ELSE 0 END), SUM(CASE WHEN idx >= ? THEN 1 ELSE 0 END)
				FROM ledger_entry WHERE ts >= ? AND ts < ?
				""")) {
			for (int i = 1; i <= 4; i++) {
				select.setLong(i, size);
			}
			Instant start = from.orElse(Instant.EPOCH);
			Instant stop = to.orElse(END_OF_TIME);
			select.setObject(5, OffsetDateTime.ofInstant(start, ZoneOffset.UTC));
			select.setObject(6, OffsetDateTime.ofInstant(stop, ZoneOffset.UTC));
			try (ResultSet row = select.executeQuery()) {
				row.next();
				long first = row.getLong(1);
				long last = row.getLong(2);
				long covered = row.getLong(3);
				long newer = row.getLong(4);
				if (covered == 0) {
					throw new CountersignException(ErrorCode.ERR_INVALID_RANGE,
							"no entries in the time range are covered by the latest checkpoint (size " + size + ")"
									+ ((newer > 0) ? "; " + newer + " newer ones will be after the next checkpoint"
											: ""));
				}
				if (last - first + 1 != covered) {
					throw new CountersignException(ErrorCode.ERR_LEDGER_INTEGRITY, "entries " + first + " to " + last
							+ " are not in timestamp order (" + covered + " of them fall in the range): run verify");
				}
				return new ExportRange(size, note, first, last + 1, newer, start, stop);
			}
		}
	}

}
