package io.countersign.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.countersign.ledger.Hash;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.verify.ChainKeys;
import io.countersign.ledger.verify.Failure;
import io.countersign.ledger.verify.LedgerVerifier;
import io.countersign.ledger.verify.SignedCheckpoint;
import io.countersign.ledger.verify.StoredEntry;
import io.countersign.ledger.verify.Tampered;
import io.countersign.ledger.verify.VerifyResult;

/**
 * Verifies the whole ledger stored in a database: streams every row of
 * {@code ledger_entry} in index order (a cursor with a fetch size, so memory stays O(log
 * n)) through a {@link LedgerVerifier} together with every stored checkpoint. Needs only
 * a {@link DataSource} and the keys, so the CLI uses it without the web layer.
 */
public class LedgerVerification {

	private static final int FETCH_SIZE = 2000;

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
		try (Connection connection = this.dataSource.getConnection()) {
			// PostgreSQL streams with a fetch size only inside a transaction.
			connection.setAutoCommit(false);
			connection.setReadOnly(true);
			try {
				// Checkpoints first: each was stored after the rows it covers, so the
				// rows
				// read next include all of them.
				LedgerVerifier verifier = new LedgerVerifier(this.verifierKey, this.chainKeys, checkpoints(connection),
						trusted);
				Optional<Tampered> unreadable = stream(connection, verifier);
				return unreadable.isPresent() ? unreadable.get() : verifier.finish();
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

	private static Optional<Tampered> stream(Connection connection, LedgerVerifier verifier) throws SQLException {
		try (PreparedStatement select = connection.prepareStatement(
				"SELECT idx, leaf, leaf_hash, chain, key_version, subtree_hashes FROM ledger_entry ORDER BY idx")) {
			select.setFetchSize(FETCH_SIZE);
			try (ResultSet row = select.executeQuery()) {
				while (row.next()) {
					long index = row.getLong(1);
					byte[] leafHash = row.getBytes(3);
					byte[] chain = row.getBytes(4);
					byte[] subtrees = row.getBytes(6);
					if (leafHash.length != Hash.SIZE) {
						return Optional.of(Tampered.at(index, Failure.LEAF_HASH_MISMATCH,
								"stored leaf hash has " + leafHash.length + " bytes"));
					}
					if (chain.length != Hash.SIZE) {
						return Optional.of(Tampered.at(index, Failure.CHAIN_MISMATCH,
								"stored chain has " + chain.length + " bytes"));
					}
					if (subtrees.length % Hash.SIZE != 0) {
						return Optional.of(Tampered.at(index, Failure.NODE_MISMATCH,
								"stored subtree hashes have " + subtrees.length + " bytes"));
					}
					List<Hash> subtreeHashes = new ArrayList<>(subtrees.length / Hash.SIZE);
					for (int from = 0; from < subtrees.length; from += Hash.SIZE) {
						subtreeHashes.add(Hash.of(Arrays.copyOfRange(subtrees, from, from + Hash.SIZE)));
					}
					StoredEntry entry = new StoredEntry(index, row.getBytes(2), Hash.of(leafHash),
							Optional.of(Hash.of(chain)), row.getInt(5), subtreeHashes);
					if (!verifier.accept(entry)) {
						return Optional.empty(); // finish() names the failure
					}
				}
			}
		}
		return Optional.empty();
	}

}
