package io.countersign.bench;

import java.time.Duration;
import java.util.Arrays;

/**
 * Every latency of one kind of operation in a measured run, as the clients saw them, and
 * the percentiles over all of them (nearest rank, no histogram buckets): the p99 of a few
 * thousand samples is a sample, not an interpolation.
 */
final class Latencies {

	private long[] nanos = new long[1024];

	private int count;

	private long failed;

	/** One thread's samples; {@link #merge} joins them after the run. */
	void add(long elapsedNanos) {
		if (this.count == this.nanos.length) {
			this.nanos = Arrays.copyOf(this.nanos, this.count * 2);
		}
		this.nanos[this.count++] = elapsedNanos;
	}

	void fail() {
		this.failed++;
	}

	static Latencies merge(Iterable<Latencies> parts) {
		Latencies all = new Latencies();
		for (Latencies part : parts) {
			for (int i = 0; i < part.count; i++) {
				all.add(part.nanos[i]);
			}
			all.failed += part.failed;
		}
		Arrays.sort(all.nanos, 0, all.count);
		return all;
	}

	int count() {
		return this.count;
	}

	long failed() {
		return this.failed;
	}

	/** The nearest-rank percentile of merged (sorted) samples. */
	Duration percentile(double percent) {
		if (this.count == 0) {
			return Duration.ZERO;
		}
		int rank = (int) Math.ceil(percent / 100.0 * this.count);
		return Duration.ofNanos(this.nanos[Math.max(0, rank - 1)]);
	}

	Duration max() {
		return (this.count == 0) ? Duration.ZERO : Duration.ofNanos(this.nanos[this.count - 1]);
	}

	/**
	 * {@code 1,234 ops/s, p50 …, p95 …, p99 …, max … (n done, m failed)} over
	 * {@code elapsed}.
	 */
	String summary(Duration elapsed) {
		return "%,.0f/s, p50 %s, p95 %s, p99 %s, max %s (%,d done, %,d failed, %.1f s)".formatted(
				this.count / (elapsed.toNanos() / 1e9), millis(percentile(50)), millis(percentile(95)),
				millis(percentile(99)), millis(max()), this.count, this.failed, elapsed.toNanos() / 1e9);
	}

	static String millis(Duration duration) {
		return "%.2f ms".formatted(duration.toNanos() / 1e6);
	}

}
