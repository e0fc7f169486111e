package io.countersign.server.audit.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The health contributor {@code ledger}, a member of the readiness group: DOWN while
 * appends cannot complete (the sequencer thread is gone, work has waited longer than the
 * append timeout without a commit, or the last batches all failed), so that a load
 * balancer sends appends elsewhere. It stays out of liveness: a stalled database is not
 * cured by restarting the server, and every instance on it would be restarted at once.
 * Also publishes the same figures as gauges.
 */
@Component
class LedgerHealthIndicator implements HealthIndicator {

	private final Sequencer sequencer;

	LedgerHealthIndicator(Sequencer sequencer, MeterRegistry registry) {
		this.sequencer = sequencer;
		Gauge.builder("countersign.ledger.append.queued", () -> sequencer.condition().queued())
			.description("Appends queued for the sequencer, not yet taken into a batch")
			.register(registry);
		Gauge.builder("countersign.ledger.sequencer.busy", () -> sequencer.condition().busy().toNanos() / 1e9)
			.description("How long work has waited without a commit (0 while the ledger is idle or committing)")
			.baseUnit("seconds")
			.register(registry);
	}

	@Override
	public Health health() {
		Sequencer.Condition condition = this.sequencer.condition();
		Health.Builder health = condition.canAppend() ? Health.up() : Health.down();
		if (!condition.started()) {
			health.withDetail("reason", "the sequencer is not running");
		}
		else if (!condition.sequencing()) {
			health.withDetail("reason", "the sequencer thread has stopped; appends are refused");
		}
		else if (!condition.canAppend()) {
			health.withDetail("reason", "appends are not completing");
		}
		return health.withDetail("queued", condition.queued())
			.withDetail("busyMillis", condition.busy().toMillis())
			.withDetail("failedInARow", condition.failedInARow())
			.build();
	}

}
