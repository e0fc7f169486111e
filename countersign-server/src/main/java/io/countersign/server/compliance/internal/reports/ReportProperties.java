package io.countersign.server.compliance.internal.reports;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Report settings under {@code countersign.compliance.reports} (README, Configuration).
 *
 * @param mailFrom the sender address of report e-mails (sent when a request names an
 * address and an SMTP server is configured, {@code spring.mail.host})
 * @param maxPeriod the longest period one report may cover
 * @param heartbeatInterval how often a server renews the lease of its unfinished jobs
 * @param lease how long an unfinished job without a heartbeat stands before any server
 * marks it failed, its server taken to have stopped
 */
@ConfigurationProperties("countersign.compliance.reports")
record ReportProperties(@DefaultValue("countersign@localhost") String mailFrom,
		@DefaultValue("400d") Duration maxPeriod, @DefaultValue("30s") Duration heartbeatInterval,
		@DefaultValue("2m") Duration lease) {

	ReportProperties {
		// a lease of less than two heartbeats would fail live jobs after one late beat
		if (lease.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException("countersign.compliance.reports.lease (" + lease
					+ ") must be at least twice countersign.compliance.reports.heartbeat-interval (" + heartbeatInterval
					+ ")");
		}
	}

}
