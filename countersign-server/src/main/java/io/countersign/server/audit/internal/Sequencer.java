package io.countersign.server.audit.internal;

import java.sql.Connection;
import java.sql.SQLException;
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

	private volatile boolean accepting;

	private volatile boolean running;

	private volatile TreeHead head = new TreeHead(0, Rfc6962.emptyRoot());

	// The tree as of the last batch sequenced; null means "reload from the database".
	private TreeState state;

	private volatile long batchesWrittenAgain;

	Sequencer(DataSource dataSource, LedgerEntries entries, LedgerKeys keys, LedgerProperties properties) {
		this.dataSource = dataSource;
		this.entries = entries;
		this.chainMac = keys.chainMac();
		this.maxBatch = properties.maxBatch();
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
			this.lanes.add(new WriteLane("ledger-writer-" + lane, dataSource, entries, settlement));
		}
		this.freeLanes.addAll(this.lanes);
	}

	@Override
	public Appended append(EventDraft draft) {
		return await(appendAsync(draft));
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
		return await(submit(prepared));
	}

	/** Appends events that were prepared (and validated) by the caller. */
	List<Appended> appendPrepared(List<PreparedEvent> prepared) {
		return await(submit(prepared));
	}

	/**
	 * Appends an event waiting in the audit outbox; the batch that appends it deletes its
	 * outbox row. Completes with no receipt if another server appended it first.
	 */
	CompletableFuture<List<Appended>> appendFromOutbox(PreparedEvent prepared) {
		return submit(List.of(prepared), true);
	}

	@Override
	public CompletableFuture<Appended> appendAsync(EventDraft draft) {
		PreparedEvent prepared = PreparedEvent.prepare(draft, now(), "");
		return submit(List.of(prepared)).thenApply((appended) -> appended.get(0));
	}

	@Override
	public TreeHead treeHead() {
		return this.head;
	}

	/** Catches up with rows other servers wrote, then returns the tree head. */
	TreeHead sync() {
		await(submit(List.of()));
		return this.head;
	}

	/**
	 * How many batches were rolled back before their commit and written again, because
	 * the batch before them did not commit or another server appended first.
	 */
	long batchesWrittenAgain() {
		return this.batchesWrittenAgain;
	}

	static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MILLIS);
	}

	private CompletableFuture<List<Appended>> submit(List<PreparedEvent> events) {
		return submit(events, false);
	}

	private CompletableFuture<List<Appended>> submit(List<PreparedEvent> events, boolean fromOutbox) {
		if (!this.accepting) {
			throw unavailable("the ledger is not accepting appends (starting or shutting down)", null);
		}
		Submission submission = new Submission(events, fromOutbox);
		try {
			this.queue.put(submission); // blocks while the queue is full: backpressure
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

	private static <T> T await(CompletableFuture<T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable("interrupted while waiting for the ledger", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof CountersignException failure) {
				throw failure;
			}
			throw unavailable("the ledger write failed", ex.getCause());
		}
	}

	private void run() {
		while (this.running || !this.queue.isEmpty() || !this.pending.isEmpty() || !this.inFlight.isEmpty()) {
			settle();
			if (this.freeLanes.isEmpty()) {
				this.inFlight.peekFirst().batch().awaitEnd();
				continue;
			}
			takeQueued();
			if (this.pending.isEmpty()) {
				// while batches are in flight, come back soon to settle them
				Submission first = poll(this.inFlight.isEmpty() ? 100 : 5);
				if (first != null) {
					addPending(first);
				}
				continue;
			}
			if (!this.inFlight.isEmpty() && this.pendingEvents < WRITE_AHEAD_AT_LEAST) {
				// Too few to be worth a transaction of their own (or a sync, which needs
				// an empty pipeline): let them join the next batch instead.
				this.inFlight.peekFirst().batch().awaitEnd(1);
				continue;
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
				continue;
			}
			write(batch, lockFirst);
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
				this.entries.lockSequencer(locked);
				Optional<Tail> tail = this.entries.tail(locked);
				if (this.state == null || !this.state.continues(tail)) {
					this.state = load(locked, tail);
				}
			}
			sequenced = sequence(batch, lockFirst);
		}
		catch (SQLException | RuntimeException ex) {
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

	private void fail(List<Submission> batch, Exception cause) {
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
