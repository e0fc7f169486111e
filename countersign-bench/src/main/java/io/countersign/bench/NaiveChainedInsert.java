package io.countersign.bench;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import io.countersign.ledger.Hash;
import io.countersign.ledger.chain.ChainHmac;
import io.countersign.ledger.tree.Rfc6962;

/**
 * Baseline (b): the design the sequencer replaces. Every event is its own transaction
 * that locks the newest row ({@code ORDER BY idx DESC LIMIT 1 FOR UPDATE}), chains onto
 * its hash and inserts; a producer that lost the race to the same index retries.
 */
final class NaiveChainedInsert implements AppendTarget<LeafRow> {

	static final String TABLE = "bench_naive_entry";

	private static final String LAST = "SELECT idx, chain FROM bench_naive_entry ORDER BY idx DESC LIMIT 1 FOR UPDATE";

	private static final String INSERT = """
			INSERT INTO bench_naive_entry (idx, leaf, leaf_hash, chain, key_version, subtree_hashes, ts,
			    type, actor_id, actor_type, action, resource_type, resource_id, outcome)
			VALUES (?, ?, ?, ?, 1, '\\x'::bytea, ?, ?, ?, ?, ?, ?, ?, ?)
			""";

	private static final String UNIQUE_VIOLATION = "23505";

	private final BenchDatabase database;

	private final byte[] chainKey = new byte[32];

	private final ThreadLocal<Writer> writers = ThreadLocal.withInitial(this::newWriter);

	private final Queue<Writer> allWriters = new ConcurrentLinkedQueue<>();

	private final LongAdder retries = new LongAdder();

	NaiveChainedInsert(BenchDatabase database) throws SQLException {
		this.database = database;
		new SecureRandom().nextBytes(this.chainKey);
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS " + TABLE);
			statement.execute("CREATE TABLE " + TABLE + " (LIKE ledger_entry INCLUDING ALL)");
		}
	}

	@Override
	public LeafRow prepare(SampleEvent event) {
		return LeafRow.of(event);
	}

	/** Appends in the calling thread, on that thread's own connection. */
	@Override
	public CompletionStage<?> append(LeafRow row) throws Exception {
		Writer writer = this.writers.get();
		while (!writer.tryAppend(row)) {
			this.retries.increment();
		}
		return CompletableFuture.completedFuture(null);
	}

	long retries() {
		return this.retries.sum();
	}

	private Writer newWriter() {
		try {
			Writer writer = new Writer(this.database.connect(), this.chainKey);
			this.allWriters.add(writer);
			return writer;
		}
		catch (SQLException | GeneralSecurityException ex) {
			throw new IllegalStateException("cannot open a connection for the naive baseline", ex);
		}
	}

	@Override
	public void close() throws Exception {
		for (Writer writer : this.allWriters) {
			writer.connection.close();
		}
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS " + TABLE);
		}
	}

	private static final class Writer {

		private final Connection connection;

		private final PreparedStatement last;

		private final PreparedStatement insert;

		private final MessageDigest sha256 = Rfc6962.newDigest();

		private final ChainHmac hmac;

		Writer(Connection connection, byte[] chainKey) throws SQLException, GeneralSecurityException {
			this.connection = connection;
			this.connection.setAutoCommit(false);
			this.last = connection.prepareStatement(LAST);
			this.insert = connection.prepareStatement(INSERT);
			this.hmac = ChainHmac.withKey(chainKey);
		}

		/** One transaction; false when another producer took the same index first. */
		boolean tryAppend(LeafRow row) throws SQLException {
			byte[] leaf = row.leaf();
			long index = 0;
			byte[] previousChain = new byte[32];
			try (ResultSet rows = this.last.executeQuery()) {
				if (rows.next()) {
					index = rows.getLong(1) + 1;
					previousChain = rows.getBytes(2);
				}
			}
			// the ledger's own formulas: the RFC 6962 leaf hash, then the chain step
			byte[] leafHash = new byte[Hash.SIZE];
			Rfc6962.leafHash(this.sha256, leaf, 0, leaf.length, leafHash, 0);
			byte[] chain = new byte[Hash.SIZE];
			this.hmac.next(previousChain, 0, previousChain.length, leafHash, 0, chain, 0);
			this.insert.setLong(1, index);
			this.insert.setBytes(2, leaf);
			this.insert.setBytes(3, leafHash);
			this.insert.setBytes(4, chain);
			this.insert.setTimestamp(5, new Timestamp(System.currentTimeMillis()));
			bindColumns(row.event());
			try {
				this.insert.executeUpdate();
				this.connection.commit();
				return true;
			}
			catch (SQLException ex) {
				this.connection.rollback();
				if (UNIQUE_VIOLATION.equals(ex.getSQLState())) {
					return false;
				}
				throw ex;
			}
		}

		private void bindColumns(SampleEvent event) throws SQLException {
			this.insert.setString(6, event.type());
			this.insert.setString(7, event.actorId());
			this.insert.setString(8, event.actorType());
			this.insert.setString(9, event.action());
			this.insert.setString(10, event.resourceType());
			this.insert.setString(11, event.resourceId());
			this.insert.setString(12, event.outcome());
		}

	}

}
