package io.countersign.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

import javax.sql.DataSource;

import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.verify.Failure;
import io.countersign.ledger.verify.Intact;
import io.countersign.ledger.verify.Tampered;
import io.countersign.ledger.verify.VerifyResult;
import io.countersign.server.audit.LedgerVerification;
import io.countersign.server.secrets.MasterKey;
import io.countersign.server.secrets.SecretSealer;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * {@code verify --db}: loads the keys with the master key, then streams the ledger
 * through the audit feature's {@link LedgerVerification} and prints one line.
 */
final class DatabaseVerification {

	private final DatabaseOptions database;

	private final PrintStream out;

	DatabaseVerification(DatabaseOptions database, PrintStream out) {
		this.database = database;
		this.out = out;
	}

	int run(Optional<Path> savedCheckpoint, Optional<VerifierKey> pinned) {
		SecretSealer sealer = new SecretSealer(masterKey());
		// Read before the keys: a saved checkpoint that is not even a checkpoint is a
		// usage
		// error, whatever the database says.
		Optional<SignedNote> saved = savedCheckpoint.map(DatabaseVerification::readSaved);
		DataSource dataSource = this.database.dataSource();
		LedgerKeyRing keys;
		try (Connection connection = dataSource.getConnection()) {
			String origin = pinned.isPresent() ? pinned.get().name() : LedgerOrigin.of(connection);
			keys = LedgerKeyRing.load(connection, sealer, origin);
		}
		catch (SQLException ex) {
			throw unreachable(ex);
		}
		Optional<Tampered> keyProblem = keys.swappedKey().or(() -> notPinned(keys.verifierKey(), pinned));
		if (keyProblem.isPresent()) {
			return report(keyProblem.get());
		}
		Optional<Checkpoint> trusted = Optional.empty();
		if (saved.isPresent()) {
			if (!saved.get().verifiedBy(keys.verifierKey())) {
				return report(new Tampered(OptionalLong.empty(), Failure.CHECKPOINT_SIGNATURE, "the saved checkpoint "
						+ savedCheckpoint.get() + " is not signed by the ledger's key " + keys.verifierKey()));
			}
			trusted = Optional.of(Checkpoint.parse(saved.get().text()));
		}
		long started = System.nanoTime();
		VerifyResult result;
		try {
			result = new LedgerVerification(dataSource, keys.verifierKey(), Optional.of(keys.chainKeys()))
				.verify(trusted);
		}
		catch (IllegalStateException ex) {
			throw (ex.getCause() instanceof SQLException sql) ? unreachable(sql) : ex;
		}
		if (result instanceof Intact intact) {
			double seconds = Math.max(System.nanoTime() - started, 1) / 1e9;
			Checkpoint latest = intact.latest();
			this.out.printf(
					"INTACT: %d entries, %d checkpoints checked, latest checkpoint %s size %d root %s, %.0f "
							+ "entries/s%n",
					intact.entries(), intact.checkpointsChecked(), latest.origin(), latest.size(), latest.root(),
					intact.entries() / seconds);
			return ExitStatus.OK;
		}
		return report((Tampered) result);
	}

	private int report(Tampered tampered) {
		this.out.println("TAMPERED: " + tampered.summary());
		return ExitStatus.TAMPERED;
	}

	private static Optional<Tampered> notPinned(VerifierKey ledgerKey, Optional<VerifierKey> pinned) {
		return pinned.filter((key) -> !key.equals(ledgerKey))
			.map((key) -> new Tampered(OptionalLong.empty(), Failure.CHECKPOINT_SIGNATURE,
					"the ledger's checkpoint key " + ledgerKey + " is not the pinned key " + key));
	}

	// The verifier opens existing secrets only: MasterKey.resolve would create a new key
	// file, and a fresh key opens nothing.
	private MasterKey masterKey() {
		return masterKey(this.database);
	}

	static MasterKey masterKey(DatabaseOptions database) {
		Optional<String> configured = database.configuredMasterKey();
		Path file = database.dataDir.resolve(MasterKey.FILE_NAME);
		if (configured.isEmpty() && !Files.isRegularFile(file)) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "no master key: pass --master-key, set "
					+ "COUNTERSIGN_MASTER_KEY, or point --data-dir at the directory holding " + MasterKey.FILE_NAME);
		}
		try {
			return MasterKey.resolve(database.dataDir, configured);
		}
		catch (MasterKey.InvalidMasterKeyException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, ex.getMessage(), ex);
		}
	}

	private static SignedNote readSaved(Path file) {
		try {
			SignedNote note = SignedNote.parse(Files.readString(file));
			Checkpoint.parse(note.text());
			return note;
		}
		catch (IOException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION,
					"cannot read --checkpoint " + file + ": " + ex.getMessage(), ex);
		}
		catch (IllegalArgumentException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION,
					"--checkpoint " + file + " is not a signed checkpoint: " + ex.getMessage(), ex);
		}
	}

	private CountersignException unreachable(SQLException ex) {
		return new CountersignException(ErrorCode.ERR_LEDGER_UNAVAILABLE,
				"cannot read the ledger database " + Redacted.url(this.database.url) + ": " + ex.getMessage(), ex);
	}

}
