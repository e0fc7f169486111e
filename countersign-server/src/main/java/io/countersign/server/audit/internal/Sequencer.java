package io.countersign.server.audit.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
import io.countersign.server.audit.internal.LedgerEntries.RowWriter;
import io.countersign.server.audit.internal.LedgerEntries.Tail;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The single writer of the ledger. Producers prepare their events (id, time, canonical
 * leaf, leaf hash) in their own threads and queue them; one thread takes everything
 * queued (up to {@code maxBatch} events), and in one transaction takes the sequencer
 * lock, catches up with rows another server wrote, assigns indexes, chain values and
 * completed subtree hashes, writes the rows and commits. Only then are the callers
 * acknowledged (see docs/decisions/004-single-sequencer-group-commit.md).
 */
@Component
class Sequencer implements AuditLog, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Sequencer.class);

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

	private final CopyBuffer copyBuffer = new CopyBuffer();

	private final Thread thread = new Thread(this::run, "ledger-sequencer");

	private volatile boolean accepting;

	private volatile boolean running;

	private volatile TreeHead head = new TreeHead(0, Rfc6962.emptyRoot());

	// Owned by the sequencer thread; null means "reload from the database".
	private TreeState state;

	Sequencer(DataSource dataSource, LedgerEntries entries, LedgerKeys keys, LedgerProperties properties) {
		this.dataSource = dataSource;
		this.entries = entries;
		this.chainMac = keys.chainMac();
		this.maxBatch = properties.maxBatch();
		this.queue = new ArrayBlockingQueue<>(Math.max(1024, properties.maxBatch() * 4));
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

	static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MILLIS);
	}

	private CompletableFuture<List<Appended>> submit(List<PreparedEvent> events) {
		if (!this.accepting) {
			throw unavailable("the ledger is not accepting appends (starting or shutting down)", null);
		}
		Submission submission = new Submission(events);
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
		List<Submission> batch = new ArrayList<>();
		while (this.running || !this.queue.isEmpty()) {
			Submission first;
			try {
				first = this.queue.poll(100, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				continue; // stop() interrupts; the loop condition decides
			}
			if (first == null) {
				continue;
			}
			batch.add(first);
			int events = first.size();
			Submission next;
			while (events < this.maxBatch && (next = this.queue.poll()) != null) {
				batch.add(next);
				events += next.size();
			}
			write(batch);
			batch.clear();
		}
	}

	private void write(List<Submission> batch) {
		// Submissions were timed in their producers' threads; writing them in time order
		// keeps ts non-decreasing along the tree with few corrections.
		batch.sort(Comparator.comparingLong(Submission::tsMillis));
		List<List<Appended>> receipts = new ArrayList<>(batch.size());
		try (Connection connection = this.dataSource.getConnection()) {
			boolean committed = false;
			connection.setAutoCommit(false);
			try {
				this.entries.lockSequencer(connection);
				Optional<Tail> tail = this.entries.tail(connection);
				if (this.state == null || !this.state.continues(tail)) {
					this.state = load(connection, tail);
				}
				if (hasEvents(batch)) {
					try (RowWriter writer = this.entries.writer(connection, this.copyBuffer)) {
						for (Submission submission : batch) {
							receipts.add(sequence(submission, writer));
						}
						writer.finish();
					}
				}
				connection.commit();
				committed = true;
			}
			finally {
				if (!committed) {
					rollback(connection);
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			this.state = null; // whatever was half-applied in memory is not in the
								// database
			log.error("ledger batch of {} submissions failed; nothing in it was acknowledged", batch.size(), ex);
			CountersignException failure = unavailable("the ledger could not store the events; retry", ex);
			List<Submission> failed = List.copyOf(batch);
			this.acknowledger.execute(() -> failed.forEach((s) -> s.done().completeExceptionally(failure)));
			return;
		}
		this.head = new TreeHead(this.state.range.size(), this.state.range.root());
		List<Submission> done = List.copyOf(batch);
		this.acknowledger.execute(() -> {
			for (int i = 0; i < done.size(); i++) {
				done.get(i).done().complete((i < receipts.size()) ? receipts.get(i) : List.of());
			}
		});
	}

	private static boolean hasEvents(List<Submission> batch) {
		for (Submission submission : batch) {
			if (submission.size() > 0) {
				return true;
			}
		}
		return false;
	}

	private List<Appended> sequence(Submission submission, RowWriter writer) throws SQLException {
		TreeState tree = this.state;
		List<Appended> receipts = new ArrayList<>(submission.size());
		for (PreparedEvent prepared : submission.events()) {
			if (prepared.event().ts().isBefore(tree.lastTs)) {
				prepared = prepared.at(tree.lastTs);
			}
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
			writer.add(index, prepared, chain, LedgerKeys.CHAIN_KEY_VERSION, subtreeHashes);
			tree.lastChain = chain;
			tree.lastTs = prepared.event().ts();
			receipts.add(new Appended(index, prepared.leafHash(), prepared.event().id()));
		}
		return receipts;
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

	private static void rollback(Connection connection) {
		try {
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
