package io.countersign.server.audit.internal;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What serving a proof costs inside the server, as Prometheus metrics with p50/p99 over
 * roughly the last 20 seconds: {@code countersign_ledger_proof_seconds} (tag
 * {@code kind}: inclusion or consistency; the whole proof) and
 * {@code countersign_ledger_proof_reads_seconds} (the one database query of a proof for
 * the nodes below the in-memory levels). Compared with the latency a client sees, they
 * tell the proof's own work from everything around it (queueing, GC pauses, the network
 * stack). {@code countersign_ledger_proof_cache_pending} counts the nodes the proof cache
 * still has to read after a start (0 once it holds the whole tree), so a load test can
 * wait for it instead of guessing.
 */
final class ProofMetrics {

	private final Timer inclusion;

	private final Timer consistency;

	private final Timer reads;

	ProofMetrics(MeterRegistry registry, Supplier<Number> cachePending, Supplier<Number> cacheBytes) {
		this.inclusion = timer("countersign.ledger.proof", "Serving one proof", registry, "inclusion");
		this.consistency = timer("countersign.ledger.proof", "Serving one proof", registry, "consistency");
		this.reads = timer("countersign.ledger.proof.reads",
				"Reading a proof's stored nodes below the in-memory levels (one query)", registry, null);
		Gauge.builder("countersign.ledger.proof.cache.pending", cachePending)
			.description("Nodes the proof cache has still to read before it holds the whole tree")
			.register(registry);
		Gauge.builder("countersign.ledger.proof.cache.bytes", cacheBytes)
			.description("Memory held by the proof cache's node hashes")
			.baseUnit("bytes")
			.register(registry);
	}

	private static Timer timer(String name, String description, MeterRegistry registry, String kind) {
		Timer.Builder builder = Timer.builder(name)
			.description(description)
			.publishPercentiles(0.5, 0.99)
			.distributionStatisticExpiry(Duration.ofSeconds(20))
			.distributionStatisticBufferLength(2);
		if (kind != null) {
			builder.tag("kind", kind);
		}
		return builder.register(registry);
	}

	Timer inclusion() {
		return this.inclusion;
	}

	Timer consistency() {
		return this.consistency;
	}

	Timer reads() {
		return this.reads;
	}

}
