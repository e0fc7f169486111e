package io.countersign.server.compliance.internal.reports;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The leases of report jobs. A job runs in the memory of the server that accepted it, so
 * when that server stops, nothing else would ever finish or fail it. Each server renews
 * the heartbeat of its own unfinished jobs, and fails any job whose heartbeat is older
 * than the lease: its server stopped (decision 029 says why failed, not retried).
 */
@Component
class ReportLeases {

	private static final Logger log = LoggerFactory.getLogger(ReportLeases.class);

	// the process (pid@host, for whoever reads the error) and a random part, so a
	// restarted server is a new instance even with the same pid
	private final String instance = ManagementFactory.getRuntimeMXBean().getName() + "/"
			+ UUID.randomUUID().toString().substring(0, 8);

	private final ReportRows rows;

	private final ReportProperties properties;

	private final Clock clock;

	ReportLeases(ReportRows rows, ReportProperties properties, ObjectProvider<Clock> clock) {
		this.rows = rows;
		this.properties = properties;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/** This server's name on the jobs it runs. */
	String instance() {
		return this.instance;
	}

	@Scheduled(fixedDelayString = "${countersign.compliance.reports.heartbeat-interval:30s}")
	void renewAndSweep() {
		try {
			Instant now = this.clock.instant();
			this.rows.heartbeat(this.instance, now);
			Instant lapsedBefore = now.minus(this.properties.lease());
			for (ReportRows.Lapsed lapsed : this.rows.lapsed(lapsedBefore, this.instance)) {
				String reason = "the server generating this report (" + lapsed.instance()
						+ ") stopped before it finished: no heartbeat since " + lapsed.lastHeartbeat() + " (lease "
						+ this.properties.lease() + "); request the report again";
				if (this.rows.failLapsed(lapsed.id(), lapsedBefore, reason, now)) {
					log.warn("compliance report {} failed: {}", lapsed.id(), reason);
				}
			}
		}
		catch (RuntimeException ex) {
			// the next beat tries again; a missed beat is what the lease's margin is for
			log.warn("Renewing the compliance report leases failed: {}", ex.getMessage(), ex);
		}
	}

}
