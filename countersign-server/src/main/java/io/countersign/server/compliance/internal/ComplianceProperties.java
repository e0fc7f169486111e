package io.countersign.server.compliance.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of compliance, {@code countersign.compliance.*} (README, Configuration).
 *
 * @param checkInterval how often every automated check runs (also on demand)
 * @param period how far back checks of activity look (executions, decisions)
 * @param evidence limits of attestation evidence files
 * @param alertAckSla how soon a high or critical alert must be acknowledged (check
 * {@code alert-sla})
 */
@ConfigurationProperties("countersign.compliance")
public record ComplianceProperties(@DefaultValue("1h") Duration checkInterval, @DefaultValue("90d") Duration period,
		@DefaultValue Evidence evidence, @DefaultValue("4h") Duration alertAckSla) {

	/**
	 * @param maxFileSize the largest evidence file accepted
	 * @param maxFiles the most files one attestation carries
	 */
	public record Evidence(@DefaultValue("5MB") DataSize maxFileSize, @DefaultValue("5") int maxFiles) {
	}

}
