package io.countersign.server.audit.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.countersign.server.audit.LedgerFeed;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@link LedgerFeed} over the primary key: a page is one range scan of
 * {@code (idx, leaf)}, so nothing a derived column says reaches a follower.
 */
@Repository
class FeedingLedger implements LedgerFeed {

	private final JdbcClient jdbc;

	FeedingLedger(DataSource dataSource) {
		this.jdbc = JdbcClient.create(dataSource);
	}

	@Override
	public List<Entry> read(long from, int max) {
		List<Entry> entries = new ArrayList<>(Math.min(max, 4096));
		this.jdbc.sql("SELECT idx, leaf FROM ledger_entry WHERE idx >= ? AND idx < ? ORDER BY idx")
			.params(from, from + max)
			.query((row) -> {
				long index = row.getLong(1);
				// entries commit in index order; a gap is one not visible yet, stop there
				if (index == from + entries.size()) {
					entries.add(new Entry(index, row.getBytes(2)));
				}
			});
		return entries;
	}

	@Override
	public long firstAtOrAfter(Instant time) {
		long first = this.jdbc.sql("SELECT COALESCE(MIN(idx), -1) FROM ledger_entry WHERE ts >= ?")
			.param(OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
			.query(Long.class)
			.single();
		return (first >= 0) ? first : head().size();
	}

	@Override
	public Head head() {
		return this.jdbc.sql("SELECT idx, ts FROM ledger_entry ORDER BY idx DESC FETCH FIRST 1 ROWS ONLY")
			.query((row, n) -> new Head(row.getLong(1) + 1, Optional.of(LedgerEntries.instant(row, 2))))
			.optional()
			.orElse(new Head(0, Optional.empty()));
	}

}
