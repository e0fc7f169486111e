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
import java.util.Arrays;
import java.util.Optional;

import javax.sql.DataSource;

import io.countersign.ledger.event.Event;
import io.countersign.ledger.tree.HashReader;
import io.countersign.server.audit.StoredNodes;
import io.countersign.server.audit.TreeHead;
import io.countersign.server.storage.DatabaseKind;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The sequencer's side of the {@code ledger_entry} table, on its own transaction's
 * connection: the lock that orders writers on one database, the tail to continue from,
 * the bulk writes of a batch and what makes a commit durable before it is acknowledged.
 */
@Repository
class LedgerWrites {

	// An arbitrary fixed key ("CSLEDGER"): every server on one database serialises its
	// appends on it, inside the append transaction.
	private static final long SEQUENCER_LOCK = 0x43534C4544474552L;

	private static final String COLUMNS = "idx, leaf, leaf_hash, chain, key_version, subtree_hashes, ts, type, "
			+ "actor_id, actor_type, action, resource_type, resource_id, outcome";

	private static final int FIELDS = 14;

	private final JdbcTemplate jdbcTemplate;

	private final DatabaseKind database;

	private final Optional<AcknowledgedHead> acknowledgedHead;

	LedgerWrites(DataSource dataSource) {
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.database = DatabaseKind.of(dataSource);
		this.acknowledgedHead = (this.database == DatabaseKind.H2) ? besideEmbeddedDatabase() : Optional.empty();
	}

	DatabaseKind database() {
		return this.database;
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
		if (this.database == DatabaseKind.POSTGRESQL) {
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
		if (this.database == DatabaseKind.POSTGRESQL) {
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
		boolean postgres = this.database == DatabaseKind.POSTGRESQL;
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
		if (this.database == DatabaseKind.H2) {
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
		if (this.database == DatabaseKind.H2) {
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
			return Optional.of(new Tail(row.getLong(1), row.getBytes(2), LedgerEntries.instant(row, 3)));
		}
	}

	RowWriter writer(Connection connection, CopyBuffer buffer) throws SQLException {
		return (this.database == DatabaseKind.POSTGRESQL) ? new CopyWriter(connection, buffer)
				: new BatchWriter(connection);
	}

	/** Reads stored node hashes on the given connection (the sequencer's transaction). */
	HashReader hashReader(Connection connection) {
		return new StoredNodes(connection);
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
			this.insert.setObject(7, OffsetDateTime.ofInstant(event.ts(), ZoneOffset.UTC));
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
