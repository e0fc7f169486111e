package io.countersign.server.compliance.internal.checks;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * When a check runs and the period it looks back on (e.g. for approvals executed without
 * their quorum).
 */
public record CheckContext(Instant now, Duration period) {

	public Instant periodStart() {
		return this.now.minus(this.period);
	}

	/** The period in days, for explanations. */
	public long periodDays() {
		return this.period.toDays();
	}

	static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
