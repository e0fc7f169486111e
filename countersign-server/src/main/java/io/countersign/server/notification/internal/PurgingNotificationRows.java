package io.countersign.server.notification.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.RowsPurged;
import io.countersign.server.notification.internal.delivery.Deliveries;
import io.countersign.server.notification.internal.inbox.Inbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes deliveries and inbox items past their retention on every instance
 * (docs/decisions/031): only rows in a final state, a chunk per transaction so no
 * statement holds many locks for long, each chunk recorded on the ledger in its own
 * transaction as {@link RowsPurged}. Instances sweeping at once skip each other's rows,
 * so each deleted row is counted once.
 */
@Service
class PurgingNotificationRows {

	/** Rows one transaction deletes at most. */
	static final int CHUNK = 1000;

	private static final Logger log = LoggerFactory.getLogger(PurgingNotificationRows.class);

	private final Deliveries deliveries;

	private final Inbox inbox;

	private final AuditTrail trail;

	private final TransactionTemplate transaction;

	private final NotificationProperties.Retention retention;

	private final Clock clock;

	PurgingNotificationRows(Deliveries deliveries, Inbox inbox, AuditTrail trail, TransactionTemplate transaction,
			NotificationProperties properties, Clock clock) {
		this.deliveries = deliveries;
		this.inbox = inbox;
		this.trail = trail;
		this.transaction = transaction;
		this.retention = properties.retention();
		this.clock = clock;
	}

	// a first sweep soon after start, so that instances restarted more often than the
	// interval still sweep
	@Scheduled(fixedDelayString = "${countersign.notifications.retention.interval:1h}", initialDelayString = "PT5M")
	void scheduled() {
		try {
			sweep();
		}
		catch (RuntimeException ex) {
			// what was deleted stays deleted and recorded; the rest waits for the next
			// round
			log.warn("Purging old notification rows failed; trying again next round", ex);
		}
	}

	/** Deletes what is past its retention now; answers how many rows went. */
	int sweep() {
		Instant now = this.clock.instant();
		int deleted = purge("notification_delivery", now, this.retention.deliveries(), this.deliveries::purge);
		deleted += purge("notification_inbox", now, this.retention.inbox(), this.inbox::purge);
		return deleted;
	}

	private int purge(String table, Instant now, Duration age, Chunk chunk) {
		Instant olderThan = now.minus(age);
		int total = 0;
		int deleted;
		do {
			Integer inChunk = this.transaction.execute((status) -> {
				int rows = chunk.delete(olderThan, CHUNK);
				if (rows > 0) {
					this.trail.record(new RowsPurged(table, rows, olderThan, age).draft());
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
	interface Chunk {

		int delete(Instant olderThan, int limit);

	}

}
