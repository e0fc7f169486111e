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
 */
@ConfigurationProperties("countersign.compliance.reports")
record ReportProperties(@DefaultValue("countersign@localhost") String mailFrom,
		@DefaultValue("400d") Duration maxPeriod) {

}
