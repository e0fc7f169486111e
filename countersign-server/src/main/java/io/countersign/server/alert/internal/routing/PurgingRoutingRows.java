package io.countersign.server.alert.internal.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.countersign.server.audit.AuditTrail;
import io.countersign.server.audit.RowsPurged;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the routing rows of alerts closed longer than their retention, on every
 * instance (docs/decisions/031): a chunk per transaction, each recorded on the ledger in
 * its own transaction as {@link RowsPurged}. The alerts themselves, and their ledger
 * events, stay.
 */
@Service
class PurgingRoutingRows {

	/** Rows one transaction deletes at most. */
	static final int CHUNK = 1000;

	static final String TABLE = "alert_routing";

	private static final Logger log = LoggerFactory.getLogger(PurgingRoutingRows.class);

	private final AlertRoutings routings;

	private final AuditTrail trail;

	private final TransactionTemplate transaction;

	private final Duration age;

	private final Clock clock;

	PurgingRoutingRows(AlertRoutings routings, AuditTrail trail, TransactionTemplate transaction,
			RoutingProperties properties, Clock clock) {
		this.routings = routings;
		this.trail = trail;
		this.transaction = transaction;
		this.age = properties.retention().closedAlerts();
		this.clock = clock;
	}

	// a first sweep soon after start, so that instances restarted more often than the
	// interval still sweep
	@Scheduled(fixedDelayString = "${countersign.alerts.routing.retention.interval:1h}", initialDelayString = "PT5M")
	void scheduled() {
		try {
			sweep();
		}
		catch (RuntimeException ex) {
			// what was deleted stays deleted and recorded; the rest waits for the next
			// round
			log.warn("Purging old alert routing rows failed; trying again next round", ex);
		}
	}

	/** Deletes what is past its retention now; answers how many rows went. */
	int sweep() {
		Instant olderThan = this.clock.instant().minus(this.age);
		int total = 0;
		int deleted;
		do {
			Integer inChunk = this.transaction.execute((status) -> {
				int rows = this.routings.purge(olderThan, CHUNK);
				if (rows > 0) {
					this.trail.record(new RowsPurged(TABLE, rows, olderThan, this.age).draft());
				}
				return rows;
			});
			deleted = (inChunk != null) ? inChunk : 0;
			total += deleted;
		}
		while (deleted == CHUNK);
		if (total > 0) {
			log.info("Purged {} rows of {} older than {}", total, TABLE, olderThan);
		}
		return total;
	}

}
