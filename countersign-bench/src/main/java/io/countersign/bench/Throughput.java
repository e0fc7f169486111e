package io.countersign.bench;

import java.time.Duration;

/**
 * How many events were acknowledged in how much time, and how many transactions the
 * database committed meanwhile (from {@code pg_stat_database}, so approximate).
 */
record Throughput(long events, Duration elapsed, ResourceUse used) {

	double perSecond() {
		return this.events / seconds();
	}

	/** This throughput as a multiple of another. */
	double ratioTo(Throughput other) {
		return perSecond() / other.perSecond();
	}

	double meanBatchSize() {
		return (this.used.commits() > 0) ? (double) this.events / this.used.commits() : 0;
	}

	private double seconds() {
		return this.elapsed.toNanos() / 1e9;
	}

	@Override
	public String toString() {
		return "%,.0f ev/s (%,d events in %.1f s, %,d commits/s, ≈%,.0f events per commit)%n    %s".formatted(
				perSecond(), this.events, seconds(), Math.round(this.used.commits() / seconds()), meanBatchSize(),
				this.used.perEvent(this.events));
	}

}
