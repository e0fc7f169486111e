package io.countersign.server.notification.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.countersign.server.audit.PurgingOldRows;
import io.countersign.server.notification.internal.delivery.Deliveries;
import io.countersign.server.notification.internal.inbox.Inbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Deletes deliveries and inbox items past their retention on every instance
 * (docs/decisions/031), only rows in a final state, through {@link PurgingOldRows} (a
 * chunk per transaction, each recorded on the ledger). Instances sweeping at once skip
 * each other's rows, so each deleted row is counted once.
 */
@Service
class PurgingNotificationRows {

	private static final Logger log = LoggerFactory.getLogger(PurgingNotificationRows.class);

	private final Deliveries deliveries;

	private final Inbox inbox;

	private final PurgingOldRows purging;

	private final NotificationProperties.Retention retention;

	private final Clock clock;

	PurgingNotificationRows(Deliveries deliveries, Inbox inbox, PurgingOldRows purging,
			NotificationProperties properties, Clock clock) {
		this.deliveries = deliveries;
		this.inbox = inbox;
		this.purging = purging;
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
		Duration deliveries = this.retention.deliveries();
		Duration inbox = this.retention.inbox();
		return this.purging.purge("notification_delivery", now.minus(deliveries), deliveries, this.deliveries::purge)
				+ this.purging.purge("notification_inbox", now.minus(inbox), inbox, this.inbox::purge);
	}

}
