package io.countersign.server.audit.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.countersign.server.audit.Appended;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Appends the events left in the audit outbox: at startup every row (all were committed
 * before this process could append them: a crash, a ledger outage), then every
 * {@code countersign.ledger.outbox.interval} the rows older than the grace age. Every
 * server instance drains; the sequencer's delete of the row decides which one appends an
 * event, so each is appended exactly once.
 */
@Component
class OutboxDrainer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxDrainer.class);

	private static final int PAGE = 1000;

	private final OutboxRows rows;

	private final AuditOutbox outbox;

	private final TaskScheduler scheduler;

	private final OutboxProperties properties;

	private volatile ScheduledFuture<?> schedule;

	OutboxDrainer(OutboxRows rows, AuditOutbox outbox, TaskScheduler scheduler, OutboxProperties properties) {
		this.rows = rows;
		this.outbox = outbox;
		this.scheduler = scheduler;
		this.properties = properties;
	}

	/**
	 * Appends the rows created before {@code createdBefore} (all, if empty) that this
	 * server is not appending already, and waits for them.
	 * @return how many were appended, here or by another server
	 */
	int drain(Optional<Instant> createdBefore) {
		int drained = 0;
		while (true) {
			List<OutboxRows.Waiting> page = this.rows.oldest(createdBefore, PAGE);
			List<CompletableFuture<List<Appended>>> appends = new ArrayList<>();
			for (OutboxRows.Waiting row : page) {
				Optional<PreparedEvent> prepared = parse(row);
				prepared.flatMap(this.outbox::appendStored).ifPresent(appends::add);
			}
			int done = awaitAll(appends);
			drained += done;
			// a short page was the last; a page where nothing went through would come
			// back the same
			if (page.size() < PAGE || done == 0) {
				return drained;
			}
		}
	}

	private static Optional<PreparedEvent> parse(OutboxRows.Waiting row) {
		try {
			PreparedEvent prepared = PreparedEvent.fromLeaf(row.leaf());
			if (prepared.event().id().equals(row.eventId())) {
				return Optional.of(prepared);
			}
			log.error("audit outbox row {} holds an event with another id; left in place", row.eventId());
		}
		catch (RuntimeException ex) {
			log.error("audit outbox row {} is not an event's leaf; left in place", row.eventId(), ex);
		}
		return Optional.empty();
	}

	private int awaitAll(List<CompletableFuture<List<Appended>>> appends) {
		long deadline = System.nanoTime() + AuditOutbox.APPEND_WAIT.toNanos();
		int done = 0;
		for (CompletableFuture<List<Appended>> append : appends) {
			try {
				append.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				done++;
			}
			catch (ExecutionException | TimeoutException ex) {
				// left in the outbox for the next round
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return done;
			}
		}
		if (done < appends.size()) {
			log.warn("{} of {} audit events from the outbox are not appended yet; retrying in {}",
					appends.size() - done, appends.size(), this.properties.interval());
		}
		return done;
	}

	@Override
	public void start() {
		drainLogged(Optional.empty());
		this.schedule = this.scheduler.scheduleWithFixedDelay(
				() -> drainLogged(Optional.of(Instant.now().minus(this.properties.graceAge()))),
				Instant.now().plus(this.properties.interval()), this.properties.interval());
	}

	private void drainLogged(Optional<Instant> createdBefore) {
		try {
			int drained = drain(createdBefore);
			if (drained > 0) {
				log.info("appended {} audit events left in the outbox", drained);
			}
		}
		catch (RuntimeException ex) {
			log.warn("could not drain the audit outbox; retrying in {}", this.properties.interval(), ex);
		}
	}

	@Override
	public void stop() {
		ScheduledFuture<?> running = this.schedule;
		if (running != null) {
			running.cancel(false);
		}
		this.schedule = null;
	}

	@Override
	public boolean isRunning() {
		return this.schedule != null;
	}

	// After the sequencer starts (it appends what is drained), before the checkpointer
	// and
	// the first admin; stops before the sequencer.
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 3584;
	}

}
