package io.countersign.server.audit.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit outbox's drainer (docs/decisions/011-audit-outbox.md).
 *
 * @param interval how often outbox rows left behind are appended
 * @param graceAge how old a row must be before the drainer appends it: younger ones are
 * still being appended by the server that committed them
 */
@ConfigurationProperties("countersign.ledger.outbox")
public record OutboxProperties(@DefaultValue("10s") Duration interval, @DefaultValue("30s") Duration graceAge) {

	public OutboxProperties {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("countersign.ledger.outbox.interval must be positive");
		}
		if (graceAge.isNegative()) {
			throw new IllegalArgumentException("countersign.ledger.outbox.grace-age must not be negative");
		}
	}

}
