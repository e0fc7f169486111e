package io.countersign.server.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.countersign.ledger.Hash;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.tree.CompactRange;
import io.countersign.ledger.tree.HashReader;
import io.countersign.ledger.tree.NodeId;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.server.audit.StoredNodes;
import io.countersign.server.audit.TreeHead;
import io.micrometer.core.instrument.Timer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code ledger_entry} table: the sequencer's bulk writes and tail reads (on its own
 * transaction's connection) and the readers' lookups, queries and node-hash reads.
 */
@Repository
class LedgerEntries {

	// An arbitrary fixed key ("CSLEDGER"): every server on one database serialises its
	// appends on it, inside the append transaction.
	private static final long SEQUENCER_LOCK = 0x43534C4544474552L;

	private static final String COLUMNS = "idx, leaf, leaf_hash, chain, key_version, subtree_hashes, ts, type, "
			+ "actor_id, actor_type, action, resource_type, resource_id, outcome";

	private static final int FIELDS = 14;

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	private final Dialect dialect;

	private final UpperNodeCache upperNodes = new UpperNodeCache();

	private final Optional<AcknowledgedHead> acknowledgedHead;

	LedgerEntries(DataSource dataSource) {
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.jdbc = JdbcClient.create(this.jdbcTemplate);
		this.dialect = Dialect.of(dataSource);
		this.acknowledgedHead = (this.dialect == Dialect.H2) ? besideEmbeddedDatabase() : Optional.empty();
	}

	Dialect dialect() {
		return this.dialect;
	}

	/**
	 * Where the newest acknowledged tree head is recorded: beside an H2 database in a
	 * file of this process; none for PostgreSQL, an H2 server or an in-memory database.
	 */
	Optional<AcknowledgedHead> acknowledgedHead() {
		return this.acknowledgedHead;
	}

	private Optional<AcknowledgedHead> besideEmbeddedDatabase() {
		return this.jdbcTemplate.execute((ConnectionCallback<Optional<AcknowledgedHead>>) (connection) -> {
			String url = connection.getMetaData().getURL();
			if (url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:")) {
				return Optional.empty();
			}
			try (Statement select = connection.createStatement();
					ResultSet path = select.executeQuery("SELECT DATABASE_PATH()")) {
				path.next();
				return Optional.ofNullable(path.getString(1))
					.map((database) -> new AcknowledgedHead(Path.of(database + AcknowledgedHead.SUFFIX)));
			}
		});
	}

	/** The last committed row. */
	record Tail(long index, byte[] chain, Instant ts) {

	}

	/**
	 * Where the sequencer puts one batch's rows; closing it without {@link #finish()}
	 * abandons the rows (the transaction must then be rolled back).
	 */
	interface RowWriter extends AutoCloseable {

		void add(long index, PreparedEvent event, byte[] chain, int keyVersion, byte[] subtreeHashes)
				throws SQLException;

		void finish() throws SQLException;

		@Override
		void close() throws SQLException;

	}

	// ---- the sequencer's transaction ----

	/**
	 * Orders this transaction after any other server's append transaction on the same
	 * database. H2 runs in one process only, where the single sequencer thread is the
	 * lock.
	 * <p>
	 * On PostgreSQL it also bounds every wait of the transaction by {@code timeout}: the
	 * wait for this lock and for any other (lock_timeout), and every later statement
	 * (statement_timeout), so a database that stalls fails the batch instead of holding
	 * the sequencer forever. Set in the same statement as the lock, to cost no round trip
	 * (lock_timeout is read when a wait starts, so it applies to this lock already).
	 */
	void lockSequencer(Connection connection, Duration timeout) throws SQLException {
		if (this.dialect == Dialect.POSTGRESQL) {
			try (PreparedStatement lock = connection.prepareStatement("SELECT set_config('lock_timeout', ?, true), "
					+ "set_config('statement_timeout', ?, true), pg_advisory_xact_lock(?)")) {
				lock.setString(1, millis(timeout));
				lock.setString(2, millis(timeout));
				lock.setLong(3, SEQUENCER_LOCK);
				lock.execute();
			}
		}
	}

	/**
	 * For a batch written ahead of the lock: waits for a row lock at most a second. Such
	 * a wait means another server is writing the same indexes, and this batch will be
	 * written again anyway; without the limit, two servers could wait for each other
	 * through a wait the database cannot see (one batch waiting in memory for the commit
	 * of the one before it). Every statement is bounded by {@code timeout}, as in
	 * {@link #lockSequencer}.
	 */
	void limitLockWaits(Connection connection, Duration timeout) throws SQLException {
		if (this.dialect == Dialect.POSTGRESQL) {
			try (PreparedStatement set = connection.prepareStatement(
					"SELECT set_config('lock_timeout', '1s', true), set_config('statement_timeout', ?, true)")) {
				set.setString(1, millis(timeout));
				set.execute();
			}
		}
	}

	private static String millis(Duration timeout) {
		return timeout.toMillis() + "ms";
	}

	/**
	 * For a batch written ahead of the lock, once the batch before it committed: takes
	 * the lock if no other server holds it, and checks that the entry before the batch is
	 * the one the batch was chained to. False if another server holds the lock or
	 * appended.
	 */
	boolean claimSequencer(Connection connection, long firstIndex, byte[] previousChain) throws SQLException {
		// H2 runs in one process, where the single sequencer thread is the lock
		boolean postgres = this.dialect == Dialect.POSTGRESQL;
		String sql = "SELECT " + (postgres ? "pg_try_advisory_xact_lock(?)" : "TRUE")
				+ ", (SELECT chain FROM ledger_entry WHERE idx = ?)";
		try (PreparedStatement claim = connection.prepareStatement(sql)) {
			if (postgres) {
				claim.setLong(1, SEQUENCER_LOCK);
			}
			claim.setLong(postgres ? 2 : 1, firstIndex - 1);
			try (ResultSet row = claim.executeQuery()) {
				row.next();
				return row.getBoolean(1) && (firstIndex == 0 || Arrays.equals(row.getBytes(2), previousChain));
			}
		}
	}

	/**
	 * After a batch committed, before it is acknowledged. PostgreSQL's commit returns
	 * once its WAL is flushed to disk. H2's returns once the change is written to the
	 * file (WRITE_DELAY=0, see EmbeddedDatabaseDurability), which survives a killed
	 * process but not a power cut: force it to disk ({@code CHECKPOINT SYNC}, an fsync),
	 * then record the head as acknowledged.
	 */
	void makeDurable(Connection connection, TreeHead head) throws SQLException {
		if (this.dialect == Dialect.H2) {
			forceToDisk(connection);
			if (this.acknowledgedHead.isPresent()) {
				try {
					this.acknowledgedHead.get().record(head);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(
							"could not record the acknowledged tree head in " + this.acknowledgedHead.get().file(), ex);
				}
			}
		}
	}

	private static void forceToDisk(Connection connection) throws SQLException {
		try (Statement sync = connection.createStatement()) {
			sync.execute("CHECKPOINT SYNC");
		}
	}

	/**
	 * Checks that the database user may force H2 to disk (an administrator's right), so
	 * that the service refuses to start rather than every append.
	 */
	void checkForceToDisk() {
		if (this.dialect == Dialect.H2) {
			this.jdbcTemplate.execute((ConnectionCallback<Void>) (connection) -> {
				forceToDisk(connection);
				return null;
			});
		}
	}

	Optional<Tail> tail(Connection connection) throws SQLException {
		try (PreparedStatement select = connection
			.prepareStatement("SELECT idx, chain, ts FROM ledger_entry ORDER BY idx DESC LIMIT 1");
				ResultSet row = select.executeQuery()) {
			if (!row.next()) {
				return Optional.empty();
			}
			return Optional.of(new Tail(row.getLong(1), row.getBytes(2), instant(row, 3)));
		}
	}

	RowWriter writer(Connection connection, CopyBuffer buffer) throws SQLException {
		return (this.dialect == Dialect.POSTGRESQL) ? new CopyWriter(connection, buffer) : new BatchWriter(connection);
	}

	// ---- reads ----

	/** The number of entries committed so far. */
	long size() {
		return this.jdbc.sql("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entry").query(Long.class).single();
	}

	Optional<StoredRow> entry(long index) {
		return this.jdbc.sql("SELECT idx, leaf, leaf_hash, " + StoredRow.COLUMNS + " FROM ledger_entry WHERE idx = ?")
			.param(index)
			.query((row, n) -> storedRow(row))
			.optional();
	}

	/**
	 * Reads stored node hashes through the pool, upper levels from memory; {@code reads}
	 * times the database queries.
	 */
	HashReader hashReader(Timer reads) {
		HashReader timed = (ids) -> {
			long start = System.nanoTime();
			try {
				return readStoredNodes(ids);
			}
			finally {
				reads.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			}
		};
		return (ids) -> this.upperNodes.read(ids, timed);
	}

	/**
	 * The root of the stored tree's first {@code size} entries (which must be stored).
	 */
	Hash storedRoot(long size) {
		if (size == 0) {
			return Rfc6962.emptyRoot();
		}
		return CompactRange.of(size, readStoredNodes(CompactRange.frontier(size))).root();
	}

	/** Level-6 nodes the proof cache has yet to read (0 when it holds the whole tree). */
	long proofCachePending() {
		return this.upperNodes.pending();
	}

	long proofCacheBytes() {
		return this.upperNodes.bytes();
	}

	/** Starts filling the in-memory upper levels with the tree as stored now. */
	void warmProofCache() {
		this.upperNodes.warm(size(), this::readStoredNodes);
	}

	private List<Hash> readStoredNodes(List<NodeId> ids) {
		return this.jdbcTemplate.execute((ConnectionCallback<List<Hash>>) (c) -> new StoredNodes(c).read(ids));
	}

	/** Reads stored node hashes on the given connection (the sequencer's transaction). */
	HashReader hashReader(Connection connection) {
		return new StoredNodes(connection);
	}

	/**
	 * One page of rows for a query. The filters pick rows by their columns; the caller
	 * re-checks every row's columns against its leaf. Each shape is served by one index:
	 * (actor_id, ts, idx), (type, ts, idx), (resource_type, resource_id, idx) or (ts,
	 * idx).
	 */
	List<StoredRow> find(EventQuery query) {
		List<String> where = new ArrayList<>();
		List<Object> params = new ArrayList<>();
		query.actor().ifPresent((value) -> condition(where, params, "actor_id = ?", value));
		query.type().ifPresent((value) -> condition(where, params, "type = ?", value));
		query.action().ifPresent((value) -> condition(where, params, "action = ?", value));
		query.resourceType().ifPresent((value) -> condition(where, params, "resource_type = ?", value));
		query.resourceId().ifPresent((value) -> condition(where, params, "resource_id = ?", value));
		query.outcome().ifPresent((value) -> condition(where, params, "outcome = ?", value));
		query.from().ifPresent((value) -> condition(where, params, "ts >= ?", utc(value)));
		query.to().ifPresent((value) -> condition(where, params, "ts < ?", utc(value)));
		// ts never decreases as idx grows, so on the resource index (which has no ts)
		// idx alone gives the same order as (ts, idx).
		boolean byResource = query.actor().isEmpty() && query.type().isEmpty() && query.resourceType().isPresent()
				&& query.resourceId().isPresent();
		String direction = query.newestFirst() ? "DESC" : "ASC";
		String past = query.newestFirst() ? "<" : ">";
		query.after().ifPresent((position) -> {
			if (byResource) {
				condition(where, params, "idx " + past + " ?", position.index());
			}
			else {
				where.add("(ts, idx) " + past + " (?, ?)");
				params.add(utc(position.ts()));
				params.add(position.index());
			}
		});
		String order = byResource ? "idx " + direction : "ts " + direction + ", idx " + direction;
		String sql = "SELECT idx, leaf, leaf_hash, " + StoredRow.COLUMNS + " FROM ledger_entry"
				+ (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY " + order + " LIMIT ?";
		params.add(query.limit());
		return this.jdbc.sql(sql).params(params).query((row, n) -> storedRow(row)).list();
	}

	private static void condition(List<String> where, List<Object> params, String sql, Object value) {
		where.add(sql);
		params.add(value);
	}

	// Node (L, k) lives in row ((k + 1) << L) - 1: level 0 is its leaf_hash, level L >= 1
	// bytes [(L - 1) * 32, L * 32) of its subtree_hashes.
	private static StoredRow storedRow(ResultSet row) throws SQLException {
		List<Optional<String>> texts = new ArrayList<>(StoredRow.TEXT_COLUMNS.size());
		for (int i = 0; i < StoredRow.TEXT_COLUMNS.size(); i++) {
			texts.add(Optional.ofNullable(row.getString(5 + i)));
		}
		return new StoredRow(row.getLong(1), row.getBytes(2), Hash.of(row.getBytes(3)), instant(row, 4), texts);
	}

	static Instant instant(ResultSet row, int column) throws SQLException {
		return row.getObject(column, OffsetDateTime.class).toInstant();
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * PostgreSQL: one COPY in binary format per batch, sent in pieces while the batch is
	 * sequenced, so that the database inserts rows while the sequencer hashes and encodes
	 * the next ones (on two cores, the one backend that inserts a batch is the slowest
	 * step).
	 */
	private static final class CopyWriter implements RowWriter {

		// large enough to amortise a socket write, small enough that the database starts
		// early
		private static final int SEND_AT = 64 * 1024;

		private final CopyBuffer buffer;

		private final CopyIn copy;

		CopyWriter(Connection connection, CopyBuffer buffer) throws SQLException {
			this.buffer = buffer;
			this.copy = connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("COPY ledger_entry (" + COLUMNS + ") FROM STDIN (FORMAT binary)");
			buffer.start();
		}

		@Override
		public void add(long index, PreparedEvent prepared, byte[] chain, int keyVersion, byte[] subtreeHashes)
				throws SQLException {
			Event event = prepared.event();
			CopyBuffer row = this.buffer;
			row.startRow(FIELDS);
			row.bigint(index);
			row.bytea(prepared.leaf());
			row.bytea(prepared.leafHash().bytes());
			row.bytea(chain);
			row.integer(keyVersion);
			row.bytea(subtreeHashes);
			row.timestamptz(event.ts());
			row.text(event.type());
			row.text(event.actor().id());
			row.text(event.actor().type());
			row.nullableText(event.action().orElse(null));
			row.nullableText(event.resource().map((resource) -> resource.type()).orElse(null));
			row.nullableText(event.resource().map((resource) -> resource.id()).orElse(null));
			row.text(event.outcome().wire());
			if (row.length() >= SEND_AT) {
				send();
			}
		}

		@Override
		public void finish() throws SQLException {
			this.buffer.finish();
			send();
			this.copy.endCopy();
		}

		private void send() throws SQLException {
			this.copy.writeToCopy(this.buffer.bytes(), 0, this.buffer.length());
			this.buffer.clear();
		}

		@Override
		public void close() throws SQLException {
			if (this.copy.isActive()) {
				this.copy.cancelCopy();
			}
		}

	}

	/** H2: one JDBC batch per batch. */
	private static final class BatchWriter implements RowWriter {

		private final PreparedStatement insert;

		BatchWriter(Connection connection) throws SQLException {
			this.insert = connection.prepareStatement("INSERT INTO ledger_entry (" + COLUMNS + ") VALUES ("
					+ String.join(", ", java.util.Collections.nCopies(FIELDS, "?")) + ")");
		}

		@Override
		public void add(long index, PreparedEvent prepared, byte[] chain, int keyVersion, byte[] subtreeHashes)
				throws SQLException {
			Event event = prepared.event();
			this.insert.setLong(1, index);
			this.insert.setBytes(2, prepared.leaf());
			this.insert.setBytes(3, prepared.leafHash().bytes());
			this.insert.setBytes(4, chain);
			this.insert.setInt(5, keyVersion);
			this.insert.setBytes(6, subtreeHashes);
			this.insert.setObject(7, utc(event.ts()));
			this.insert.setString(8, event.type());
			this.insert.setString(9, event.actor().id());
			this.insert.setString(10, event.actor().type());
			this.insert.setString(11, event.action().orElse(null));
			this.insert.setString(12, event.resource().map((resource) -> resource.type()).orElse(null));
			this.insert.setString(13, event.resource().map((resource) -> resource.id()).orElse(null));
			this.insert.setString(14, event.outcome().wire());
			this.insert.addBatch();
		}

		@Override
		public void finish() throws SQLException {
			this.insert.executeBatch();
		}

		@Override
		public void close() throws SQLException {
			this.insert.close();
		}

	}

}
