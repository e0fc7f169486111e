package io.countersign.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import io.countersign.server.shared.DaemonThreads;

/**
 * Baseline (a): the rows the sequencer writes, precomputed by the producers with no
 * hashing at all, handed to one writer that inserts them with a JDBC batch
 * ({@code reWriteBatchedInserts=true}) into a fresh copy of {@code ledger_entry} with the
 * same indexes, one transaction per batch. What the database costs on its own.
 */
final class PlainBatchedInsert implements AppendTarget<PlainBatchedInsert.Row> {

	static final String TABLE = "bench_plain_entry";

	private static final String INSERT = """
			INSERT INTO bench_plain_entry (idx, leaf, leaf_hash, chain, key_version, subtree_hashes, ts,
			    type, actor_id, actor_type, action, resource_type, resource_id, outcome)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			""";

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final int maxBatch;

	private final Connection connection;

	private final Thread writer;

	private final SplittableRandom random = new SplittableRandom(7);

	private final byte[] subtreeBytes = new byte[64 * 32];

	private volatile boolean open = true;

	PlainBatchedInsert(BenchDatabase database, int maxBatch) throws SQLException {
		this.maxBatch = maxBatch;
		this.connection = database.withParameters("reWriteBatchedInserts=true").connect();
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS " + TABLE);
			statement.execute("CREATE TABLE " + TABLE + " (LIKE ledger_entry INCLUDING ALL)");
		}
		this.connection.setAutoCommit(false);
		this.random.nextBytes(this.subtreeBytes);
		this.writer = DaemonThreads.unstarted("bench-plain-writer", this::write);
		this.writer.start();
	}

	/** A row as producers hand it over: everything but the index and the time. */
	record Row(LeafRow leafRow, byte[] leafHash, byte[] chain) {
	}

	private record Pending(Row row, CompletableFuture<Void> done) {
	}

	@Override
	public Row prepare(SampleEvent event) {
		byte[] leafHash = new byte[32];
		byte[] chain = new byte[32];
		synchronized (this.random) {
			this.random.nextBytes(leafHash);
			this.random.nextBytes(chain);
		}
		return new Row(LeafRow.of(event), leafHash, chain);
	}

	@Override
	public CompletionStage<?> append(Row row) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.queue.add(new Pending(row, done));
		return done;
	}

	private void write() {
		List<Pending> batch = new ArrayList<>(this.maxBatch);
		long next = 0;
		try (PreparedStatement insert = this.connection.prepareStatement(INSERT)) {
			while (this.open || !this.queue.isEmpty()) {
				Pending first = this.queue.poll(50, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, this.maxBatch - 1);
				Timestamp now = new Timestamp(System.currentTimeMillis());
				try {
					for (Pending pending : batch) {
						bind(insert, next++, now, pending.row());
						insert.addBatch();
					}
					insert.executeBatch();
					this.connection.commit();
					batch.forEach((pending) -> pending.done().complete(null));
				}
				catch (SQLException ex) {
					batch.forEach((pending) -> pending.done().completeExceptionally(ex));
					this.connection.rollback();
				}
				batch.clear();
			}
		}
		catch (SQLException | InterruptedException ex) {
			this.queue.forEach((pending) -> pending.done().completeExceptionally(ex));
		}
	}

	private void bind(PreparedStatement insert, long index, Timestamp now, Row row) throws SQLException {
		SampleEvent event = row.leafRow().event();
		// the hashes of the perfect subtrees this leaf completes: as many as (index + 1)
		// has trailing zeros
		int levels = Long.numberOfTrailingZeros(index + 1);
		insert.setLong(1, index);
		insert.setBytes(2, row.leafRow().leaf());
		insert.setBytes(3, row.leafHash());
		insert.setBytes(4, row.chain());
		insert.setInt(5, 1);
		insert.setBytes(6, Arrays.copyOf(this.subtreeBytes, levels * 32));
		insert.setTimestamp(7, now);
		insert.setString(8, event.type());
		insert.setString(9, event.actorId());
		insert.setString(10, event.actorType());
		insert.setString(11, event.action());
		insert.setString(12, event.resourceType());
		insert.setString(13, event.resourceId());
		insert.setString(14, event.outcome());
	}

	@Override
	public void close() throws Exception {
		this.open = false;
		this.writer.join(TimeUnit.MINUTES.toMillis(1));
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS " + TABLE);
			this.connection.commit();
		}
		this.connection.close();
	}

}
