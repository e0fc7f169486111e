package io.countersign.server.alert.internal.routing;

import java.time.Clock;
import java.time.Duration;

import io.countersign.server.audit.PurgingOldRows;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Deletes the routing rows of alerts closed longer than their retention, on every
 * instance (docs/decisions/031), through {@link PurgingOldRows} (a chunk per transaction,
 * each recorded on the ledger). The alerts themselves, and their ledger events, stay.
 */
@Service
class PurgingRoutingRows {

	private static final Logger log = LoggerFactory.getLogger(PurgingRoutingRows.class);

	private final AlertRoutings routings;

	private final PurgingOldRows purging;

	private final Duration age;

	private final Clock clock;

	PurgingRoutingRows(AlertRoutings routings, PurgingOldRows purging, RoutingProperties properties, Clock clock) {
		this.routings = routings;
		this.purging = purging;
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
		return this.purging.purge("alert_routing", this.clock.instant().minus(this.age), this.age,
				this.routings::purge);
	}

}
