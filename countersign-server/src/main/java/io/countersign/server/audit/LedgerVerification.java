package io.countersign.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

import javax.sql.DataSource;

import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.verify.ChainKeys;
import io.countersign.ledger.verify.EntryBatch;
import io.countersign.ledger.verify.LedgerVerifier;
import io.countersign.ledger.verify.SignedCheckpoint;
import io.countersign.ledger.verify.VerifyResult;

/**
 * Verifies the whole ledger stored in a database: streams every row of
 * {@code ledger_entry} in index order ({@link LedgerRows}: binary COPY on PostgreSQL, a
 * cursor with a fetch size elsewhere, so memory stays O(log n)) through a
 * {@link LedgerVerifier} together with every stored checkpoint. Needs only a
 * {@link DataSource} and the keys, so the CLI uses it without the web layer.
 */
public class LedgerVerification {

	// Every hash is checked per batch of rows, independently of the other batches: on
	// every core, while this thread reads the rows.
	private static final int CHECK_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

	private final DataSource dataSource;

	private final VerifierKey verifierKey;

	private final Optional<ChainKeys> chainKeys;

	/**
	 * @param chainKeys the HMAC chain keys; empty to verify everything but the chain
	 */
	public LedgerVerification(DataSource dataSource, VerifierKey verifierKey, Optional<ChainKeys> chainKeys) {
		this.dataSource = dataSource;
		this.verifierKey = verifierKey;
		this.chainKeys = chainKeys;
	}

	/** Verifies every entry and every stored checkpoint. */
	public VerifyResult verify() {
		return verify(Optional.empty());
	}

	/**
	 * Verifies every entry and checkpoint, and also that the ledger is consistent with a
	 * checkpoint the caller kept from earlier.
	 */
	public VerifyResult verify(Optional<Checkpoint> trusted) {
		return verify(trusted, (entries) -> {
		});
	}

	/**
	 * As {@link #verify(Optional)}, telling {@code progress} how many entries have been
	 * read so far after each batch.
	 */
	public VerifyResult verify(Optional<Checkpoint> trusted, LongConsumer progress) {
		try (Connection connection = this.dataSource.getConnection()) {
			// PostgreSQL streams with a fetch size only inside a transaction.
			connection.setAutoCommit(false);
			connection.setReadOnly(true);
			try {
				// Checkpoints first: each was stored after the rows it covers, so the
				// rows
				// read next include all of them.
				try (LedgerVerifier verifier = new LedgerVerifier(this.verifierKey, this.chainKeys,
						checkpoints(connection), trusted, CHECK_THREADS)) {
					stream(connection, verifier, progress);
					return verifier.finish();
				}
			}
			finally {
				connection.rollback();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot read the ledger to verify it", ex);
		}
	}

	private static List<SignedCheckpoint> checkpoints(Connection connection) throws SQLException {
		List<SignedCheckpoint> checkpoints = new ArrayList<>();
		try (PreparedStatement select = connection
			.prepareStatement("SELECT note FROM ledger_checkpoint ORDER BY tree_size");
				ResultSet row = select.executeQuery()) {
			while (row.next()) {
				checkpoints.add(new SignedCheckpoint(row.getString(1)));
			}
		}
		return checkpoints;
	}

	private static void stream(Connection connection, LedgerVerifier verifier, LongConsumer progress)
			throws SQLException {
		try (LedgerRows rows = LedgerRows.open(connection)) {
			long read = 0;
			boolean more = true;
			while (more) {
				EntryBatch batch = verifier.batch();
				more = rows.fill(batch);
				read += batch.size();
				progress.accept(read);
				if (!verifier.accept(batch)) {
					return; // finish() names the failure
				}
			}
		}
	}

}
