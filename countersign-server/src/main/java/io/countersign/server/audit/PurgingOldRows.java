package io.countersign.server.audit;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way a retention sweep deletes rows (docs/decisions/031): a chunk of at most
 * {@value #CHUNK} rows per transaction, so no statement holds many locks for long, each
 * chunk that deleted something recorded on the ledger as {@link RowsPurged} in the
 * transaction that deleted it, until a chunk comes back short. What was deleted before a
 * failure stays deleted and recorded.
 */
@Component
public class PurgingOldRows {

	/** Rows one transaction deletes at most. */
	public static final int CHUNK = 1000;

	private static final Logger log = LoggerFactory.getLogger(PurgingOldRows.class);

	private final AuditTrail trail;

	private final TransactionTemplate transaction;

	PurgingOldRows(AuditTrail trail, TransactionTemplate transaction) {
		this.trail = trail;
		this.transaction = transaction;
	}

	/**
	 * Deletes the rows of {@code table} that {@code chunk} selects as older than
	 * {@code olderThan}; answers how many went.
	 * @param retention the configured age {@code olderThan} was worked out from
	 */
	public int purge(String table, Instant olderThan, Duration retention, Chunk chunk) {
		int total = 0;
		int deleted;
		do {
			Integer inChunk = this.transaction.execute((status) -> {
				int rows = chunk.delete(olderThan, CHUNK);
				if (rows > 0) {
					this.trail.record(new RowsPurged(table, rows, olderThan, retention).draft());
				}
				return rows;
			});
			deleted = (inChunk != null) ? inChunk : 0;
			total += deleted;
		}
		while (deleted == CHUNK);
		if (total > 0) {
			log.info("Purged {} rows of {} older than {}", total, table, olderThan);
		}
		return total;
	}

	/** One bounded delete of a table's rows past their retention. */
	@FunctionalInterface
	public interface Chunk {

		int delete(Instant olderThan, int limit);

	}

}
