package io.countersign.server.audit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import io.countersign.ledger.note.Checkpoint;
import io.countersign.server.audit.TreeHead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Signs C2SP checkpoints of the tree: every {@code checkpointInterval} while it grows,
 * and on demand. It signs only tree heads the sequencer computed from the frontier it
 * loaded from, and extended in, the database, never a root handed in from outside.
 */
@Component
class Checkpointer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

	private final Sequencer sequencer;

	private final Checkpoints checkpoints;

	private final LedgerKeys keys;

	private final LedgerProperties properties;

	private final SeenTreeHead seen;

	private final TaskScheduler scheduler;

	private volatile ScheduledFuture<?> schedule;

	// The largest size signed or seen stored; touched under this object's lock.
	private long signedSize = -1;

	Checkpointer(Sequencer sequencer, Checkpoints checkpoints, LedgerKeys keys, LedgerProperties properties,
			SeenTreeHead seen, TaskScheduler scheduler) {
		this.scheduler = scheduler;
		this.sequencer = sequencer;
		this.checkpoints = checkpoints;
		this.keys = keys;
		this.properties = properties;
		this.seen = seen;
	}

	/**
	 * Cuts a checkpoint of the current tree now (or returns the stored one of that size).
	 */
	synchronized String cut() {
		TreeHead head = this.sequencer.sync();
		this.seen.observe(head);
		String note = this.checkpoints.bySize(head.size()).orElseGet(() -> sign(head));
		this.signedSize = Math.max(this.signedSize, head.size());
		return note;
	}

	/** Cuts a checkpoint if the tree grew since the last one. */
	synchronized void cutIfGrown() {
		// before the sync, which would reload a tail cut off since the last commit
		this.seen.observe(this.sequencer.treeHead());
		TreeHead head = this.sequencer.sync();
		this.seen.observe(head);
		if (this.signedSize < 0) {
			this.signedSize = this.checkpoints.latestSize();
		}
		if (head.size() > 0 && head.size() > this.signedSize) {
			sign(head);
			this.signedSize = head.size();
		}
	}

	private String sign(TreeHead head) {
		Checkpoint checkpoint = new Checkpoint(this.properties.origin(), head.size(), head.root());
		String note = this.keys.signer().sign(checkpoint.body());
		return this.checkpoints.insert(head.size(), head.root(), note);
	}

	@Override
	public void start() {
		Duration every = this.properties.checkpointInterval();
		long interval = every.toMillis();
		this.schedule = this.scheduler.scheduleWithFixedDelay(() -> {
			try {
				cutIfGrown();
			}
			catch (RuntimeException ex) {
				log.warn("could not cut a ledger checkpoint; retrying in {} ms", interval, ex);
			}
		}, Instant.now().plus(every), every);
	}

	@Override
	public void stop() {
		this.schedule.cancel(false);
		// a cut under way holds this object's lock: wait for it before the sequencer
		// stops
		synchronized (this) {
			this.schedule = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.schedule != null;
	}

	// Stops before the sequencer, which it needs.
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 3072;
	}

}
