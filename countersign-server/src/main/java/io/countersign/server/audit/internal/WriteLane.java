package io.countersign.server.audit.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.countersign.server.audit.internal.LedgerWrites.RowWriter;
import io.countersign.server.audit.internal.SequencedBatch.Outcome;
import io.countersign.server.shared.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes sequenced batches, one at a time, on a thread and a database connection of its
 * own. With two lanes the rows of one batch are inserted while the batch before it is
 * still inserting or committing, so two PostgreSQL backends work at once; a batch still
 * commits only after the batch before it committed (see
 * docs/decisions/010-pipelined-batches.md).
 */
final class WriteLane {

	private static final Logger log = LoggerFactory.getLogger(WriteLane.class);

	private final DataSource dataSource;

	private final LedgerWrites writes;

	private final Settlement settlement;

	private final CopyBuffer copyBuffer = new CopyBuffer();

	private final ExecutorService thread;

	private final Duration timeout;

	/** What happens to a batch's callers once its write is decided. */
	interface Settlement {

		/** Publishes the batch's tree head and acknowledges its callers. */
		void committed(SequencedBatch batch);

		/** Fails the batch's callers. */
		void failed(SequencedBatch batch, Exception cause);

	}

	/**
	 * @param timeout the longest any statement of a batch written ahead may take (a
	 * lock-first batch has the bound its sequencer set)
	 */
	WriteLane(String name, DataSource dataSource, LedgerWrites writes, Settlement settlement, Duration timeout) {
		this.dataSource = dataSource;
		this.writes = writes;
		this.settlement = settlement;
		this.timeout = timeout;
		this.thread = Executors.newSingleThreadExecutor(DaemonThreads.named(name));
	}

	/**
	 * Writes a batch and commits it.
	 * @param locked the connection on which the sequencer took the lock and read the tail
	 * before it sequenced the batch; empty for a batch that continues {@code previous}
	 * @param previous the batch before this one, while it is in flight: this one commits
	 * only if that one did
	 */
	void write(SequencedBatch batch, Optional<Connection> locked, Optional<SequencedBatch> previous) {
		try {
			this.thread.execute(() -> run(batch, locked.orElse(null), previous.orElse(null)));
		}
		catch (RejectedExecutionException ex) {
			// shut down: the batch must still end, or the sequencer waits for it forever
			end(batch, Outcome.FAILED, ex, locked.orElse(null));
		}
	}

	private void run(SequencedBatch batch, Connection locked, SequencedBatch previous) {
		Connection connection = locked;
		Outcome outcome = Outcome.FAILED;
		Exception failure = null;
		try {
			try {
				if (connection == null) {
					connection = this.dataSource.getConnection();
					connection.setAutoCommit(false);
					this.writes.limitLockWaits(connection, this.timeout);
				}
				writeRows(connection, batch);
			}
			catch (SQLException | RuntimeException ex) {
				failure = ex;
				// Roll back before waiting for the batch before: rows of a failed
				// transaction must not keep another server's writer waiting.
				rollback(connection);
			}
			boolean previousCommitted = (previous == null) || previous.awaitDecision();
			if (failure != null) {
				outcome = batch.lockedFirst() ? Outcome.FAILED : Outcome.REDO;
				if (outcome == Outcome.REDO && anotherServerWrote(failure)) {
					log.debug("another server wrote where ledger batch at {} was written ahead; it is written again",
							batch.firstIndex());
				}
				else if (outcome == Outcome.REDO) {
					log.warn("writing a ledger batch ahead of the one before it failed; it is written again", failure);
				}
			}
			else if (!previousCommitted) {
				rollback(connection);
				outcome = Outcome.REDO;
			}
			else if (!batch.lockedFirst() && !claim(connection, batch)) {
				rollback(connection);
				outcome = Outcome.REDO;
			}
			else {
				try {
					if (batch.hasOutboxEvents() && !removeFromOutbox(connection, batch)) {
						rollback(connection);
						outcome = Outcome.REDO;
					}
					else {
						connection.commit();
						if (batch.size() > 0) {
							this.writes.makeDurable(connection, batch.head());
						}
						outcome = Outcome.COMMITTED;
					}
				}
				catch (SQLException | RuntimeException ex) {
					// it may or may not have committed: the callers are told to retry
					failure = ex;
					rollback(connection);
				}
			}
		}
		catch (RuntimeException | Error ex) {
			// Unexpected (a driver or a bug), before the commit: the batch is not stored,
			// and it must still end as failed.
			log.error("writing a ledger batch failed unexpectedly", ex);
			if (outcome != Outcome.COMMITTED) {
				outcome = Outcome.FAILED;
				rollback(connection);
			}
			failure = (failure != null) ? failure : new IllegalStateException("ledger write failed unexpectedly", ex);
		}
		finally {
			end(batch, outcome, failure, connection);
		}
	}

	// Whatever happens here, the batch ends: the sequencer waits for that.
	private void end(SequencedBatch batch, Outcome outcome, Exception failure, Connection connection) {
		try {
			settle(batch, outcome, failure);
		}
		finally {
			try {
				close(connection);
			}
			finally {
				batch.ended(outcome);
			}
		}
	}

	private void writeRows(Connection connection, SequencedBatch batch) throws SQLException {
		if (batch.size() == 0) {
			return;
		}
		try (RowWriter writer = this.writes.writer(connection, this.copyBuffer)) {
			for (int row = 0; row < batch.size(); row++) {
				writer.add(batch.firstIndex() + row, batch.event(row), batch.chain(row), LedgerKeys.CHAIN_KEY_VERSION,
						batch.subtreeHashes(row));
			}
			writer.finish();
		}
	}

	// A batch written without the lock: take it now, and only if no other server holds
	// it.
	private boolean claim(Connection connection, SequencedBatch batch) {
		try {
			if (this.writes.claimSequencer(connection, batch.firstIndex(), batch.previousChain())) {
				return true;
			}
			log.debug("another server appended before ledger batch at {}; it is written again", batch.firstIndex());
			return false;
		}
		catch (SQLException | RuntimeException ex) {
			log.warn("could not take the ledger lock for a batch written ahead; it is written again", ex);
			return false;
		}
	}

	// Holding the sequencer lock, so no other server's batch can be deleting the same
	// rows: a row already gone was appended by another server (its drainer), and so is
	// recorded; the batch is then rolled back and written again without it
	// (docs/decisions/011-audit-outbox.md).
	private static boolean removeFromOutbox(Connection connection, SequencedBatch batch) throws SQLException {
		List<String> ids = new ArrayList<>();
		for (Submission submission : batch.submissions()) {
			if (submission.fromOutbox()) {
				submission.events().forEach((event) -> ids.add(event.event().id()));
			}
		}
		int[] deleted = OutboxRows.delete(connection, ids);
		List<Submission> gone = new ArrayList<>();
		int row = 0;
		for (Submission submission : batch.submissions()) {
			if (!submission.fromOutbox()) {
				continue;
			}
			boolean present = true;
			for (int i = 0; i < submission.size(); i++) {
				present &= deleted[row++] == 1;
			}
			if (!present) {
				gone.add(submission);
			}
		}
		if (gone.isEmpty()) {
			return true;
		}
		log.debug("{} events of ledger batch at {} were appended from the outbox by another server", gone.size(),
				batch.firstIndex());
		batch.alreadyRecorded(gone);
		return false;
	}

	// a row at one of the batch's indexes, committed (unique violation) or not (lock wait
	// timed out)
	private static boolean anotherServerWrote(Exception failure) {
		return failure instanceof SQLException ex
				&& ("23505".equals(ex.getSQLState()) || "55P03".equals(ex.getSQLState()));
	}

	private void settle(SequencedBatch batch, Outcome outcome, Exception failure) {
		try {
			if (outcome == Outcome.COMMITTED) {
				this.settlement.committed(batch);
			}
			else if (outcome == Outcome.FAILED) {
				this.settlement.failed(batch, failure);
			}
		}
		finally {
			batch.decided(outcome == Outcome.COMMITTED);
		}
	}

	private static void rollback(Connection connection) {
		if (connection == null) {
			return;
		}
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			log.warn("rollback of a ledger batch failed", ex);
		}
	}

	private static void close(Connection connection) {
		if (connection == null) {
			return;
		}
		try {
			connection.close();
		}
		catch (SQLException ex) {
			log.warn("could not release the connection of a ledger batch", ex);
		}
	}

	/** Lets the batch being written finish, then ends the thread. */
	void shutdown() {
		this.thread.shutdown();
		try {
			this.thread.awaitTermination(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
