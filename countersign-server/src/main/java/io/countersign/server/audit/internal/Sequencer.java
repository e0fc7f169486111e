package io.countersign.server.audit.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.countersign.ledger.tree.CompactRange;
import io.countersign.ledger.tree.NodeId;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.server.audit.Appended;
import io.countersign.server.audit.AuditLog;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.TreeHead;
import io.countersign.server.audit.internal.LedgerWrites.Tail;
import io.countersign.server.audit.internal.SequencedBatch.Outcome;
import io.countersign.server.shared.DaemonThreads;
import io.countersign.server.storage.DatabaseKind;
import io.countersign.server.shared.CountersignException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The single writer of the ledger. Producers prepare their events (id, time, canonical
 * leaf, leaf hash) in their own threads and queue them ({@link AppendIntake}); one thread
 * takes everything queued (up to {@code maxBatch} events), has {@link Sequencing} assign
 * indexes, chain values and completed subtree hashes, and a {@link WriteLane} writes the
 * batch ({@link LedgerWrites}) in one transaction and commits. Only then are the callers
 * acknowledged (see docs/decisions/004-single-sequencer-group-commit.md).
 *
 * <p>
 * A batch written while no other batch is in flight first takes the sequencer lock and
 * catches up with rows another server wrote. With more than one lane, the next batch is
 * sequenced from the in-memory state while the one before it is still being written, and
 * written on another lane without the lock; it commits only after the one before it
 * committed and it got the lock (docs/decisions/010-pipelined-batches.md).
 *
 * <p>
 * Nobody waits forever: a caller gets {@code ERR_LEDGER_UNAVAILABLE} once the append
 * timeout has passed (its submission is skipped if it was not sequenced yet; one being
 * written may still commit, so 503 means "not acknowledged", never "not stored"). On
 * PostgreSQL every statement and lock wait of a write transaction has the same bound, so
 * a stalled database fails the batch and the sequencer reloads the tree from what was
 * committed. Whatever the loop does not expect fails the batch being written and the loop
 * goes on; {@link #condition()} tells readiness whether appends complete.
 */
@Component
class Sequencer implements AuditLog, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Sequencer.class);

	// A batch is written ahead of one in flight only if it has this many events: a
	// smaller one costs a transaction and a commit of its own for little overlap, so it
	// waits and joins the next batch instead.
	static final int WRITE_AHEAD_AT_LEAST = 128;

	private final DataSource dataSource;

	private final LedgerWrites writes;

	private final Sequencing sequencing;

	private final int maxBatch;

	private final AppendIntake intake;

	private final Duration appendTimeout;

	// Completing futures runs callers' callbacks; keep that off the sequencer thread.
	private final ExecutorService acknowledger = Executors
		.newSingleThreadExecutor(DaemonThreads.named("ledger-acknowledger"));

	private final List<WriteLane> lanes = new ArrayList<>();

	private final Thread thread = DaemonThreads.unstarted("ledger-sequencer", this::run);

	// The rest is owned by the sequencer thread.

	// lanes without a batch
	private final Deque<WriteLane> freeLanes = new ArrayDeque<>();

	// batches being written, oldest first
	private final Deque<InFlight> inFlight = new ArrayDeque<>();

	// taken from the queue or to be written again, ahead of the queue
	private final Deque<Submission> pending = new ArrayDeque<>();

	private int pendingEvents;

	// the batch between the queue and a lane, failed if the loop fails unexpectedly
	private List<Submission> writing;

	private volatile boolean running;

	private volatile TreeHead head = new TreeHead(0, Rfc6962.emptyRoot());

	// The tip as of the last batch sequenced; null means "reload from the database".
	private LedgerTip tip;

	private volatile long batchesWrittenAgain;

	// For readiness: since when the sequencer has had work without committing any (it
	// moves on at every commit and whenever the sequencer is idle), and how many batches
	// failed since the last commit.
	private volatile long progressNanos = System.nanoTime();

	private final AtomicInteger failedInARow = new AtomicInteger();

	Sequencer(DataSource dataSource, LedgerWrites writes, LedgerKeys keys, LedgerProperties properties,
			TaskScheduler scheduler) {
		this.dataSource = dataSource;
		this.writes = writes;
		this.sequencing = new Sequencing(keys.chainHmac());
		this.maxBatch = properties.maxBatch();
		this.appendTimeout = properties.appendTimeout();
		this.intake = new AppendIntake(properties.maxBatch(), properties.appendTimeout(), scheduler);
		// H2 runs in one process, where writing ahead without a lock buys nothing
		int depth = (writes.database() == DatabaseKind.POSTGRESQL) ? properties.pipelineDepth() : 1;
		WriteLane.Settlement settlement = new WriteLane.Settlement() {
			@Override
			public void committed(SequencedBatch batch) {
				acknowledge(batch);
			}

			@Override
			public void failed(SequencedBatch batch, Exception cause) {
				fail(batch.submissions(), cause);
			}
		};
		for (int lane = 0; lane < depth; lane++) {
			this.lanes.add(
					new WriteLane("ledger-writer-" + lane, dataSource, writes, settlement, properties.appendTimeout()));
		}
		this.freeLanes.addAll(this.lanes);
	}

	@Override
	public Appended append(EventDraft draft) {
		return this.intake.submitAndAwait(List.of(PreparedEvent.prepare(draft, now(), ""))).get(0);
	}

	@Override
	public List<Appended> appendAll(List<EventDraft> drafts) {
		if (drafts.isEmpty()) {
			return List.of();
		}
		// One time for all: the events of one call keep their order in the tree.
		Instant now = now();
		List<PreparedEvent> prepared = new ArrayList<>(drafts.size());
		for (int i = 0; i < drafts.size(); i++) {
			prepared.add(PreparedEvent.prepare(drafts.get(i), now, "[" + i + "]."));
		}
		return this.intake.submitAndAwait(prepared);
	}

	/** Appends events that were prepared (and validated) by the caller. */
	List<Appended> appendPrepared(List<PreparedEvent> prepared) {
		return this.intake.submitAndAwait(prepared);
	}

	/**
	 * Appends an event waiting in the audit outbox; the batch that appends it deletes its
	 * outbox row. Completes with no receipt if another server appended it first.
	 */
	CompletableFuture<List<Appended>> appendFromOutbox(PreparedEvent prepared) {
		return this.intake.submitFromOutbox(prepared);
	}

	@Override
	public CompletableFuture<Appended> appendAsync(EventDraft draft) {
		return this.intake.submitAsync(PreparedEvent.prepare(draft, now(), ""));
	}

	@Override
	public TreeHead treeHead() {
		return this.head;
	}

	/** Catches up with rows other servers wrote, then returns the tree head. */
	TreeHead sync() {
		this.intake.submitAndAwait(List.of());
		return this.head;
	}

	/**
	 * How many batches were rolled back before their commit and written again, because
	 * the batch before them did not commit or another server appended first.
	 */
	long batchesWrittenAgain() {
		return this.batchesWrittenAgain;
	}

	/** How the sequencer is doing, for readiness and metrics. */
	record Condition(boolean started, boolean sequencing, int queued, Duration busy, int failedInARow,
			Duration appendTimeout) {

		/** Whether an append made now can be expected to complete. */
		boolean canAppend() {
			return this.started && this.sequencing && this.busy.compareTo(this.appendTimeout) <= 0
					&& this.failedInARow < FAILED_IN_A_ROW_IS_DOWN;
		}

	}

	// Batches failing one after the other (the database refuses the writes) make
	// readiness DOWN before the append timeout has passed; one commit makes it UP.
	static final int FAILED_IN_A_ROW_IS_DOWN = 3;

	Condition condition() {
		// busy: how long work has waited without a commit (0 while idle or committing)
		Duration busy = Duration.ofNanos(Math.max(0, System.nanoTime() - this.progressNanos));
		return new Condition(this.running, this.intake.accepting() && this.thread.isAlive(), this.intake.queued(), busy,
				this.failedInARow.get(), this.appendTimeout);
	}

	static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MILLIS);
	}

	private void run() {
		try {
			while (this.running || !this.intake.isEmpty() || !this.pending.isEmpty() || !this.inFlight.isEmpty()) {
				try {
					step();
				}
				catch (RuntimeException | Error ex) {
					recover(ex);
				}
			}
		}
		finally {
			if (this.running) {
				// Not a stop: the thread is going (recover itself failed). Refuse appends
				// rather than queue them for nobody; readiness is DOWN.
				this.intake.refuse("the ledger's sequencer has stopped; this server cannot append");
				List<Submission> left = new ArrayList<>(this.pending);
				this.intake.drainTo(left);
				fail(left, new IllegalStateException("the ledger sequencer stopped"));
			}
		}
	}

	private void step() {
		settle();
		if (this.freeLanes.isEmpty()) {
			this.inFlight.peekFirst().batch().awaitEnd();
			return;
		}
		takeQueued();
		if (this.pending.isEmpty()) {
			if (this.inFlight.isEmpty()) {
				this.progressNanos = System.nanoTime(); // idle: nothing waits
			}
			// while batches are in flight, come back soon to settle them
			Submission first = this.intake.poll(this.inFlight.isEmpty() ? 100 : 5);
			if (first != null) {
				addPending(first);
			}
			return;
		}
		if (!this.inFlight.isEmpty() && this.pendingEvents < WRITE_AHEAD_AT_LEAST) {
			// Too few to be worth a transaction of their own (or a sync, which needs
			// an empty pipeline): let them join the next batch instead.
			this.inFlight.peekFirst().batch().awaitEnd(1);
			return;
		}
		List<Submission> batch = nextBatch();
		// Catching up with other servers (a reload, or a sync asked for by an empty
		// submission) needs the lock, and so an empty pipeline.
		boolean lockFirst = this.inFlight.isEmpty() || this.tip == null || hasEmptySubmission(batch);
		if (lockFirst && !this.inFlight.isEmpty()) {
			for (int i = batch.size() - 1; i >= 0; i--) {
				addPendingFirst(batch.get(i));
			}
			this.inFlight.forEach((flight) -> flight.batch().awaitEnd());
			return;
		}
		this.writing = batch;
		write(batch, lockFirst);
		this.writing = null;
	}

	// The last resort, for what the loop does not expect (a bug, a driver throwing an
	// Error): fail the batch being written, never acknowledge it, reload the tree from
	// the database, and go on. Batches in flight end on their lanes as usual.
	private void recover(Throwable unexpected) {
		log.error("the ledger sequencer failed unexpectedly; it reloads the tree and goes on", unexpected);
		this.tip = null;
		if (this.writing != null) {
			fail(this.writing, new IllegalStateException("the ledger sequencer failed", unexpected));
			this.writing = null;
		}
		if (this.inFlight.isEmpty() && this.freeLanes.size() < this.lanes.size()) {
			this.freeLanes.clear();
			this.freeLanes.addAll(this.lanes);
		}
		try {
			// a fault that repeats must not spin the loop (or the log)
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			// the loop condition decides
		}
	}

	// Moves what is queued to the pending submissions, up to a batch.
	private void takeQueued() {
		Submission next;
		while (this.pendingEvents < this.maxBatch && (next = this.intake.poll()) != null) {
			addPending(next);
		}
	}

	private void addPending(Submission submission) {
		this.pending.addLast(submission);
		this.pendingEvents += submission.size();
	}

	private void addPendingFirst(Submission submission) {
		this.pending.addFirst(submission);
		this.pendingEvents += submission.size();
	}

	private List<Submission> nextBatch() {
		List<Submission> batch = new ArrayList<>();
		int events = 0;
		while (events < this.maxBatch && !this.pending.isEmpty()) {
			Submission next = this.pending.pollFirst();
			this.pendingEvents -= next.size();
			batch.add(next);
			events += next.size();
		}
		return batch;
	}

	// Takes the batches whose write ended, in order, and frees their lanes. Once a batch
	// did not commit, the state sequenced after it is void: reload it.
	private void settle() {
		List<Submission> again = new ArrayList<>();
		while (!this.inFlight.isEmpty() && this.inFlight.peekFirst().batch().hasEnded()) {
			InFlight ended = this.inFlight.pollFirst();
			this.freeLanes.add(ended.lane());
			Outcome outcome = ended.batch().awaitEnd();
			if (outcome != Outcome.COMMITTED) {
				this.tip = null;
			}
			if (outcome == Outcome.REDO) {
				List<Submission> recorded = ended.batch().alreadyRecorded();
				for (Submission submission : ended.batch().submissions()) {
					if (!recorded.contains(submission)) {
						again.add(submission);
					}
				}
				recordedElsewhere(recorded);
				this.batchesWrittenAgain++;
			}
		}
		for (int i = again.size() - 1; i >= 0; i--) {
			addPendingFirst(again.get(i));
		}
	}

	private void write(List<Submission> batch, boolean lockFirst) {
		// Submissions were timed in their producers' threads; writing them in time order
		// keeps ts non-decreasing along the tree with few corrections.
		batch.sort(Comparator.comparingLong(Submission::tsMillis));
		Connection locked = null;
		SequencedBatch sequenced;
		try {
			if (lockFirst) {
				locked = this.dataSource.getConnection();
				locked.setAutoCommit(false);
				this.writes.lockSequencer(locked, this.appendTimeout);
				Optional<Tail> tail = this.writes.tail(locked);
				if (this.tip == null || !this.tip.continues(tail)) {
					this.tip = load(locked, tail);
				}
			}
			// Callers that gave up (timed out) before their events were sequenced: skip
			// them, so what they were told (not acknowledged) stays simple: not stored.
			batch.removeIf((submission) -> submission.done().isDone());
			sequenced = sequence(batch, lockFirst);
		}
		catch (SQLException | RuntimeException | Error ex) {
			// whatever was half-applied in memory is not in the database
			this.tip = null;
			if (locked != null) {
				release(locked);
			}
			fail(batch, ex);
			return;
		}
		Optional<SequencedBatch> previous = Optional.ofNullable(this.inFlight.peekLast()).map(InFlight::batch);
		WriteLane lane = this.freeLanes.poll();
		this.inFlight.add(new InFlight(sequenced, lane));
		lane.write(sequenced, Optional.ofNullable(locked), previous);
	}

	private void acknowledge(SequencedBatch batch) {
		// lanes commit in index order, so heads are published in order
		this.head = batch.head();
		this.progressNanos = System.nanoTime();
		this.failedInARow.set(0);
		List<Submission> done = batch.submissions();
		List<List<Appended>> receipts = batch.receipts();
		this.acknowledger.execute(() -> {
			for (int i = 0; i < done.size(); i++) {
				done.get(i).done().complete(receipts.get(i));
			}
		});
	}

	// outbox events another server appended: done, without a receipt of ours
	private void recordedElsewhere(List<Submission> submissions) {
		if (!submissions.isEmpty()) {
			this.acknowledger.execute(() -> submissions.forEach((s) -> s.done().complete(List.of())));
		}
	}

	private void fail(List<Submission> batch, Throwable cause) {
		this.failedInARow.incrementAndGet();
		log.error("ledger batch of {} submissions failed; nothing in it was acknowledged", batch.size(), cause);
		CountersignException failure = AppendIntake.unavailable("the ledger could not store the events; retry", cause);
		List<Submission> failed = List.copyOf(batch);
		this.acknowledger.execute(() -> failed.forEach((s) -> s.done().completeExceptionally(failure)));
	}

	private static boolean hasEmptySubmission(List<Submission> batch) {
		for (Submission submission : batch) {
			if (submission.size() == 0) {
				return true;
			}
		}
		return false;
	}

	// The pure step (Sequencing) over the batch's events, in order; the receipts follow
	// the submissions.
	private SequencedBatch sequence(List<Submission> batch, boolean lockedFirst) {
		LedgerTip before = this.tip;
		List<PreparedEvent> events = new ArrayList<>();
		for (Submission submission : batch) {
			events.addAll(submission.events());
		}
		Sequencing.Result result = this.sequencing.sequence(before, events);
		SequencedBatch sequenced = new SequencedBatch(batch, lockedFirst, before.size(), before.lastChain());
		int next = 0;
		for (Submission submission : batch) {
			List<Appended> receipts = new ArrayList<>(submission.size());
			for (int i = 0; i < submission.size(); i++) {
				Sequencing.Entry entry = result.entries().get(next++);
				sequenced.add(entry.event(), entry.chain(), entry.subtreeHashes());
				receipts.add(new Appended(entry.index(), entry.event().leafHash(), entry.event().event().id()));
			}
			sequenced.addReceipts(receipts);
		}
		sequenced.sequenced(result.tip().head());
		this.tip = result.tip();
		return sequenced;
	}

	// The cached tip is stale (first batch, a failed batch, or another server appended):
	// rebuild the frontier from the stored node hashes of the tail, O(log n) reads.
	private LedgerTip load(Connection connection, Optional<Tail> tail) {
		if (tail.isEmpty()) {
			return LedgerTip.empty();
		}
		List<NodeId> frontier = CompactRange.frontier(tail.get().index() + 1);
		return LedgerTip.after(tail.get(), this.writes.hashReader(connection).read(frontier));
	}

	private static void release(Connection connection) {
		try (connection) {
			connection.rollback();
		}
		catch (SQLException ex) {
			log.warn("rollback of a failed ledger batch failed too", ex);
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.intake.open();
		this.progressNanos = System.nanoTime();
		this.thread.start();
		try {
			sync();
		}
		catch (CountersignException ex) {
			log.warn("could not load the ledger tree at startup; the first append will retry", ex);
		}
	}

	@Override
	public void stop() {
		this.intake.refuse("the ledger is not accepting appends (starting or shutting down)");
		this.running = false;
		try {
			// The loop drains what is queued before it ends.
			this.thread.join(TimeUnit.SECONDS.toMillis(30));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<Submission> left = new ArrayList<>();
		this.intake.drainTo(left);
		CountersignException failure = AppendIntake.unavailable("the ledger shut down before writing the events", null);
		left.forEach((submission) -> submission.done().completeExceptionally(failure));
		this.lanes.forEach(WriteLane::shutdown);
		this.intake.stopDeadlines();
		this.acknowledger.shutdown();
		try {
			this.acknowledger.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	// Stop after the web server (which drains in-flight requests) and the checkpointer.
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private record InFlight(SequencedBatch batch, WriteLane lane) {
	}

}
