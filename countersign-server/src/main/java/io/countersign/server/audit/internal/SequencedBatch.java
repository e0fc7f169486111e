package io.countersign.server.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.countersign.server.audit.Appended;
import io.countersign.server.audit.TreeHead;

/**
 * One batch as the sequencer assigned it: its rows (index, event, chain value, completed
 * subtree hashes), the receipts and tree head they become once committed, and how its
 * write ended. Built on the sequencer thread, then written by a {@link WriteLane}.
 */
final class SequencedBatch {

	/** How the write of a batch ended. */
	enum Outcome {

		/** Committed: its callers are acknowledged and its tree head published. */
		COMMITTED,

		/** Failed: its callers get ERR_LEDGER_UNAVAILABLE. */
		FAILED,

		/**
		 * Rolled back before its commit, because the batch before it did not commit or
		 * another server appended first: its submissions are written again.
		 */
		REDO

	}

	private final List<Submission> submissions;

	private final boolean lockedFirst;

	private final long firstIndex;

	private final byte[] previousChain;

	private final PreparedEvent[] events;

	private final byte[][] chains;

	private final byte[][] subtreeHashes;

	private final List<List<Appended>> receipts;

	private final boolean hasOutboxEvents;

	private List<Submission> alreadyRecorded = List.of();

	private int size;

	private TreeHead head;

	private final CompletableFuture<Boolean> committed = new CompletableFuture<>();

	private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

	/**
	 * @param lockedFirst whether the sequencer lock was taken before the batch was
	 * sequenced; otherwise the batch continues the one before it, still in flight
	 * @param previousChain the chain value of the entry before the first
	 */
	SequencedBatch(List<Submission> submissions, boolean lockedFirst, long firstIndex, byte[] previousChain) {
		int events = 0;
		boolean outbox = false;
		for (Submission submission : submissions) {
			events += submission.size();
			outbox |= submission.fromOutbox();
		}
		this.hasOutboxEvents = outbox;
		this.submissions = submissions;
		this.lockedFirst = lockedFirst;
		this.firstIndex = firstIndex;
		this.previousChain = previousChain;
		this.events = new PreparedEvent[events];
		this.chains = new byte[events][];
		this.subtreeHashes = new byte[events][];
		this.receipts = new ArrayList<>(submissions.size());
	}

	void add(PreparedEvent event, byte[] chain, byte[] subtreeHashes) {
		this.events[this.size] = event;
		this.chains[this.size] = chain;
		this.subtreeHashes[this.size] = subtreeHashes;
		this.size++;
	}

	void addReceipts(List<Appended> receipts) {
		this.receipts.add(receipts);
	}

	/** Called once every submission is sequenced. */
	void sequenced(TreeHead head) {
		this.head = head;
	}

	List<Submission> submissions() {
		return this.submissions;
	}

	/** Whether a submission of it comes from the audit outbox. */
	boolean hasOutboxEvents() {
		return this.hasOutboxEvents;
	}

	/**
	 * Marks outbox submissions whose rows another server deleted, having appended them:
	 * they are done, and the batch is rolled back and the rest written again.
	 */
	void alreadyRecorded(List<Submission> submissions) {
		this.alreadyRecorded = List.copyOf(submissions);
	}

	List<Submission> alreadyRecorded() {
		return this.alreadyRecorded;
	}

	List<List<Appended>> receipts() {
		return this.receipts;
	}

	boolean lockedFirst() {
		return this.lockedFirst;
	}

	long firstIndex() {
		return this.firstIndex;
	}

	byte[] previousChain() {
		return this.previousChain;
	}

	int size() {
		return this.size;
	}

	PreparedEvent event(int row) {
		return this.events[row];
	}

	byte[] chain(int row) {
		return this.chains[row];
	}

	byte[] subtreeHashes(int row) {
		return this.subtreeHashes[row];
	}

	TreeHead head() {
		return this.head;
	}

	/**
	 * Tells the batch after this one whether this one committed; set before the writer's
	 * connection is released, so the next batch can commit as early as possible.
	 */
	void decided(boolean committed) {
		this.committed.complete(committed);
	}

	/** Waits until this batch committed or was abandoned; true if it committed. */
	boolean awaitDecision() {
		return this.committed.join();
	}

	/** Set last, once the lane that wrote it is free again. */
	void ended(Outcome outcome) {
		this.outcome.complete(outcome);
	}

	boolean hasEnded() {
		return this.outcome.isDone();
	}

	Outcome awaitEnd() {
		return this.outcome.join();
	}

	/** Waits at most {@code millis} for the write to end. */
	void awaitEnd(long millis) {
		try {
			this.outcome.get(millis, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException | InterruptedException ex) {
			// not yet (it never completes exceptionally); the caller looks again
		}
	}

}
