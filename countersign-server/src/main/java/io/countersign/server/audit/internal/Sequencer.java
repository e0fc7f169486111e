package io.countersign.server.audit.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.sql.DataSource;

import io.countersign.ledger.Hash;
import io.countersign.ledger.chain.ChainHmac;
import io.countersign.ledger.tree.CompactRange;
import io.countersign.ledger.tree.NodeId;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.server.audit.Appended;
import io.countersign.server.audit.AuditLog;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.TreeHead;
import io.countersign.server.audit.internal.LedgerEntries.Tail;
import io.countersign.server.audit.internal.SequencedBatch.Outcome;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The single writer of the ledger. Producers prepare their events (id, time, canonical
 * leaf, leaf hash) in their own threads and queue them; one thread takes everything
 * queued (up to {@code maxBatch} events) and assigns indexes, chain values and completed
 * subtree hashes; a {@link WriteLane} writes the batch in one transaction and commits.
 * Only then are the callers acknowledged (see
 * docs/decisions/004-single-sequencer-group-commit.md).
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

	private final LedgerEntries entries;

	private final Mac chainMac;

	private final int maxBatch;

	private final BlockingQueue<Submission> queue;

	private final Duration appendTimeout;

	private final AppendDeadlines deadlines;

	// Completing futures runs callers' callbacks; keep that off the sequencer thread.
	private final ExecutorService acknowledger = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "ledger-acknowledger");
		thread.setDaemon(true);
		return thread;
	});

	private final List<WriteLane> lanes = new ArrayList<>();

	private final Thread thread = new Thread(this::run, "ledger-sequencer");

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

	private volatile boolean accepting;

	private volatile boolean running;

	private volatile TreeHead head = new TreeHead(0, Rfc6962.emptyRoot());

	// The tree as of the last batch sequenced; null means "reload from the database".
	private TreeState state;

	private volatile long batchesWrittenAgain;

	// For readiness: since when the sequencer has had work without committing any (it
	// moves on at every commit and whenever the sequencer is idle), and how many batches
	// failed since the last commit.
	private volatile long progressNanos = System.nanoTime();

	private final AtomicInteger failedInARow = new AtomicInteger();

	Sequencer(DataSource dataSource, LedgerEntries entries, LedgerKeys keys, LedgerProperties properties) {
		this.dataSource = dataSource;
		this.entries = entries;
		this.chainMac = keys.chainMac();
		this.maxBatch = properties.maxBatch();
		this.appendTimeout = properties.appendTimeout();
		this.deadlines = new AppendDeadlines(properties.appendTimeout(), () -> unavailable(timedOutMessage(), null));
		this.queue = new ArrayBlockingQueue<>(Math.max(1024, properties.maxBatch() * 4));
		// H2 runs in one process, where writing ahead without a lock buys nothing
		int depth = (entries.dialect() == Dialect.POSTGRESQL) ? properties.pipelineDepth() : 1;
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
			this.lanes.add(new WriteLane("ledger-writer-" + lane, dataSource, entries, settlement,
					properties.appendTimeout()));
		}
		this.freeLanes.addAll(this.lanes);
	}

	@Override
	public Appended append(EventDraft draft) {
		return submitAndAwait(List.of(PreparedEvent.prepare(draft, now(), ""))).get(0);
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
		return submitAndAwait(prepared);
	}

	/** Appends events that were prepared (and validated) by the caller. */
	List<Appended> appendPrepared(List<PreparedEvent> prepared) {
		return submitAndAwait(prepared);
	}

	/**
	 * Appends an event waiting in the audit outbox; the batch that appends it deletes its
	 * outbox row. Completes with no receipt if another server appended it first.
	 */
	CompletableFuture<List<Appended>> appendFromOutbox(PreparedEvent prepared) {
		return submit(List.of(prepared), System.nanoTime() + this.appendTimeout.toNanos(), true);
	}

	@Override
	public CompletableFuture<Appended> appendAsync(EventDraft draft) {
		PreparedEvent prepared = PreparedEvent.prepare(draft, now(), "");
		long deadline = System.nanoTime() + this.appendTimeout.toNanos();
		CompletableFuture<List<Appended>> done;
		try {
			done = submit(List.of(prepared), deadline, false);
		}
		catch (CountersignException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		this.deadlines.watch(done, deadline);
		return done.thenApply((appended) -> appended.get(0));
	}

	@Override
	public TreeHead treeHead() {
		return this.head;
	}

	/** Catches up with rows other servers wrote, then returns the tree head. */
	TreeHead sync() {
		submitAndAwait(List.of());
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
		return new Condition(this.running, this.accepting && this.thread.isAlive(), this.queue.size(), busy,
				this.failedInARow.get(), this.appendTimeout);
	}

	static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MILLIS);
	}

	private List<Appended> submitAndAwait(List<PreparedEvent> events) {
		long deadline = System.nanoTime() + this.appendTimeout.toNanos();
		return await(submit(events, deadline, false), deadline);
	}

	private CompletableFuture<List<Appended>> submit(List<PreparedEvent> events, long deadline, boolean fromOutbox) {
		if (!this.accepting) {
			throw unavailable(this.running ? "the ledger's sequencer has stopped; this server cannot append"
					: "the ledger is not accepting appends (starting or shutting down)", null);
		}
		Submission submission = new Submission(events, fromOutbox);
		try {
			// waits while the queue is full (backpressure), but not past the deadline
			if (!this.queue.offer(submission, deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
				throw unavailable("the ledger queue stayed full for " + this.appendTimeout + "; retry", null);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable("interrupted while waiting for room in the ledger queue", ex);
		}
		// Shutdown raced with this put and the sequencer may be gone: take it back.
		if (!this.accepting && this.queue.remove(submission)) {
			submission.done().completeExceptionally(unavailable("the ledger is shutting down", null));
		}
		return submission.done();
	}

	// A caller that gives up completes the future itself: a submission whose future is
	// done before it is sequenced is skipped, never written (see write).
	private <T> T await(CompletableFuture<T> future, long deadline) {
		try {
			return future.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.completeExceptionally(unavailable(timedOutMessage(), null));
			// done now, by whichever completion came first
			return await(future, deadline);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.completeExceptionally(unavailable("interrupted while waiting for the ledger", ex));
			throw unavailable("interrupted while waiting for the ledger", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof CountersignException failure) {
				throw failure;
			}
			throw unavailable("the ledger write failed", ex.getCause());
		}
	}

	private String timedOutMessage() {
		return "the ledger did not acknowledge the events within " + this.appendTimeout
				+ "; they may or may not be stored";
	}

	private void run() {
		try {
			while (this.running || !this.queue.isEmpty() || !this.pending.isEmpty() || !this.inFlight.isEmpty()) {
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
				this.accepting = false;
				List<Submission> left = new ArrayList<>(this.pending);
				this.queue.drainTo(left);
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
			Submission first = poll(this.inFlight.isEmpty() ? 100 : 5);
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
		boolean lockFirst = this.inFlight.isEmpty() || this.state == null || hasEmptySubmission(batch);
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
		this.state = null;
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

	private Submission poll(long millis) {
		try {
			return this.queue.poll(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			return null; // the loop condition decides
		}
	}

	// Moves what is queued to the pending submissions, up to a batch.
	private void takeQueued() {
		Submission next;
		while (this.pendingEvents < this.maxBatch && (next = this.queue.poll()) != null) {
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
				this.state = null;
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
				this.entries.lockSequencer(locked, this.appendTimeout);
				Optional<Tail> tail = this.entries.tail(locked);
				if (this.state == null || !this.state.continues(tail)) {
					this.state = load(locked, tail);
				}
			}
			// Callers that gave up (timed out) before their events were sequenced: skip
			// them, so what they were told (not acknowledged) stays simple: not stored.
			batch.removeIf((submission) -> submission.done().isDone());
			sequenced = sequence(batch, lockFirst);
		}
		catch (SQLException | RuntimeException | Error ex) {
			// whatever was half-applied in memory is not in the database
			this.state = null;
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
		CountersignException failure = unavailable("the ledger could not store the events; retry", cause);
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

	private SequencedBatch sequence(List<Submission> batch, boolean lockedFirst) {
		TreeState tree = this.state;
		SequencedBatch sequenced = new SequencedBatch(batch, lockedFirst, tree.range.size(), tree.lastChain);
		for (Submission submission : batch) {
			List<Appended> receipts = new ArrayList<>(submission.size());
			for (PreparedEvent event : submission.events()) {
				PreparedEvent prepared = event.event().ts().isBefore(tree.lastTs) ? event.at(tree.lastTs) : event;
				long index = tree.range.size();
				List<Hash> completed = tree.range.append(prepared.leafHash());
				byte[] subtreeHashes = new byte[completed.size() * Hash.SIZE];
				for (int level = 0; level < completed.size(); level++) {
					System.arraycopy(completed.get(level).bytes(), 0, subtreeHashes, level * Hash.SIZE, Hash.SIZE);
				}
				// ChainHmac.next with a Mac kept for the thread (same value, no per-row
				// setup).
				this.chainMac.update(tree.lastChain);
				this.chainMac.update(prepared.leafHash().bytes());
				byte[] chain = this.chainMac.doFinal();
				sequenced.add(prepared, chain, subtreeHashes);
				tree.lastChain = chain;
				tree.lastTs = prepared.event().ts();
				receipts.add(new Appended(index, prepared.leafHash(), prepared.event().id()));
			}
			sequenced.addReceipts(receipts);
		}
		sequenced.sequenced(new TreeHead(tree.range.size(), tree.range.root()));
		return sequenced;
	}

	// The cached frontier is stale (first batch, a failed batch, or another server
	// appended): rebuild it from the stored node hashes of the tail, O(log n) reads.
	private TreeState load(Connection connection, Optional<Tail> tail) {
		if (tail.isEmpty()) {
			return new TreeState(CompactRange.empty(), ChainHmac.GENESIS.bytes(), Instant.EPOCH);
		}
		long size = tail.get().index() + 1;
		List<NodeId> frontier = CompactRange.frontier(size);
		List<Hash> hashes = this.entries.hashReader(connection).read(frontier);
		return new TreeState(CompactRange.of(size, hashes), tail.get().chain(), tail.get().ts());
	}

	private static void release(Connection connection) {
		try (connection) {
			connection.rollback();
		}
		catch (SQLException ex) {
			log.warn("rollback of a failed ledger batch failed too", ex);
		}
	}

	private static CountersignException unavailable(String message, Throwable cause) {
		return new CountersignException(ErrorCode.ERR_LEDGER_UNAVAILABLE, message, cause);
	}

	@Override
	public void start() {
		this.running = true;
		this.accepting = true;
		this.progressNanos = System.nanoTime();
		this.thread.start();
		this.deadlines.start();
		try {
			sync();
		}
		catch (CountersignException ex) {
			log.warn("could not load the ledger tree at startup; the first append will retry", ex);
		}
	}

	@Override
	public void stop() {
		this.accepting = false;
		this.running = false;
		try {
			// The loop drains what is queued before it ends.
			this.thread.join(TimeUnit.SECONDS.toMillis(30));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<Submission> left = new ArrayList<>();
		this.queue.drainTo(left);
		CountersignException failure = unavailable("the ledger shut down before writing the events", null);
		left.forEach((submission) -> submission.done().completeExceptionally(failure));
		this.lanes.forEach(WriteLane::shutdown);
		this.deadlines.stop();
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

	/** The sequencer's view of the tree: its frontier, the last chain value and time. */
	private static final class TreeState {

		final CompactRange range;

		byte[] lastChain;

		Instant lastTs;

		TreeState(CompactRange range, byte[] lastChain, Instant lastTs) {
			this.range = range;
			this.lastChain = lastChain;
			this.lastTs = lastTs;
		}

		boolean continues(Optional<Tail> tail) {
			if (tail.isEmpty()) {
				return this.range.size() == 0;
			}
			return tail.get().index() == this.range.size() - 1 && Arrays.equals(tail.get().chain(), this.lastChain);
		}

	}

}
