package io.countersign.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.countersign.server.audit.AuditLog;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.shared.DaemonThreads;

/**
 * A large bench ledger, filled through the real sequencer the first time and reused
 * afterwards, together with the secrets its server needs.
 *
 * @param database the bench database, created if absent
 * @param stateDir where the database's secrets are kept between runs
 */
record LedgerFill(BenchDatabase database, Path stateDir) {

	private static final int PRODUCERS = 16;

	private static final int IN_FLIGHT = 512;

	/**
	 * Makes sure the ledger holds at least {@code entries}; returns its server's secrets.
	 */
	ServerSecrets ensure(long entries, PrintWriter out) throws Exception {
		this.database.createIfAbsent();
		Path secretsFile = this.stateDir.resolve(this.database.name() + ".secrets");
		long size = this.database.ledgerSize();
		Optional<ServerSecrets> stored = ServerSecrets.load(secretsFile);
		if (stored.isEmpty() && size > 0) {
			throw new IllegalStateException("database " + this.database.name() + " holds a ledger but " + secretsFile
					+ " is gone, so its keys cannot be unsealed; drop the database to fill it again");
		}
		ServerSecrets secrets = stored.orElseGet(ServerSecrets::generate);
		secrets.store(secretsFile);
		if (size >= entries) {
			out.printf("reusing %s: %,d entries%n", this.database.name(), size);
			return secrets;
		}
		out.printf("filling %s from %,d to %,d entries through the sequencer (%d producers x %d in flight) ...%n",
				this.database.name(), size, entries, PRODUCERS, IN_FLIGHT);
		out.flush();
		try (InProcessServer server = InProcessServer.start(this.database, secrets)) {
			fill(server.bean(AuditLog.class), entries - size, out);
		}
		return secrets;
	}

	private static void fill(AuditLog auditLog, long count, PrintWriter out) throws Exception {
		AtomicLong remaining = new AtomicLong(count);
		AtomicLong acknowledged = new AtomicLong();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		List<Thread> producers = new ArrayList<>();
		long start = System.nanoTime();
		for (int producer = 0; producer < PRODUCERS; producer++) {
			SampleEvents events = new SampleEvents(1000 + producer);
			Thread thread = DaemonThreads.unstarted("bench-fill-" + producer,
					() -> produce(auditLog, events, remaining, acknowledged, failure));
			producers.add(thread);
			thread.start();
		}
		long lastReport = start;
		long lastCount = 0;
		while (producers.stream().anyMatch(Thread::isAlive)) {
			Thread.sleep(1000);
			long now = System.nanoTime();
			if (now - lastReport >= 10_000_000_000L) {
				long done = acknowledged.get();
				out.printf("    %,d / %,d (%,.0f ev/s)%n", done, count,
						(done - lastCount) / ((now - lastReport) / 1e9));
				out.flush();
				lastReport = now;
				lastCount = done;
			}
		}
		if (failure.get() != null) {
			throw new IllegalStateException("filling the ledger failed", failure.get());
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		out.printf("  filled %,d entries in %.0f s: %,.0f ev/s through the sequencer%n", acknowledged.get(), seconds,
				acknowledged.get() / seconds);
	}

	private static void produce(AuditLog auditLog, SampleEvents events, AtomicLong remaining, AtomicLong acknowledged,
			AtomicReference<Throwable> failure) {
		Semaphore window = new Semaphore(IN_FLIGHT);
		try {
			while (failure.get() == null && remaining.getAndDecrement() > 0) {
				EventDraft draft = SequencerTarget.draft(events.next());
				window.acquire();
				auditLog.appendAsync(draft).whenComplete((appended, error) -> {
					if (error != null) {
						failure.compareAndSet(null, error);
					}
					else {
						acknowledged.incrementAndGet();
					}
					window.release();
				});
			}
			window.acquire(IN_FLIGHT);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
