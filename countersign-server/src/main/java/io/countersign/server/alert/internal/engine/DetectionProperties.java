package io.countersign.server.alert.internal.engine;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Detection settings under {@code countersign.alerts} (README, Configuration).
 *
 * @param enabled whether this instance takes part in detection (an instance that does not
 * still serves the alerts API)
 * @param batchSize how many ledger entries one transaction evaluates
 * @param pollInterval how long the engine waits when it has caught up with the ledger, or
 * when another instance holds the lease
 * @param leaseDuration how long the detection lease lasts unrenewed: after a crash,
 * another instance takes over at most this long after the holder's last batch
 */
@ConfigurationProperties("countersign.alerts")
public record DetectionProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1000") int batchSize,
		@DefaultValue("200ms") Duration pollInterval, @DefaultValue("15s") Duration leaseDuration) {

	public DetectionProperties {
		if (batchSize < 1 || batchSize > 100_000) {
			throw new IllegalArgumentException("countersign.alerts.batch-size must be 1 to 100000");
		}
		if (pollInterval.isNegative() || pollInterval.isZero() || leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException(
					"countersign.alerts needs a positive poll-interval and a lease-duration of at least 1s");
		}
	}

}
