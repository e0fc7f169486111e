package io.countersign.server.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.countersign.ledger.bundle.BundleWriter;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.ledger.tree.RangeProof;
import io.countersign.server.audit.StoredNodes;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code export}: writes the entries of a time range, with the latest checkpoint and the
 * range proof, as a bundle that {@code countersign-ledger.jar} verifies on its own.
 */
@Command(name = "export", sortOptions = false,
		description = { "Export the entries of a time range as a self-contained, offline-verifiable bundle.",
				"Exit status: 0 written, 1 the ledger is inconsistent, 2 usage or I/O error." })
final class ExportCommand implements Callable<Integer> {

	private static final int FETCH_SIZE = 2000;

	private final PrintStream out;

	@Spec
	CommandSpec spec;

	@Option(names = "--out", required = true, paramLabel = "<file>", description = "The bundle (ZIP) to write.")
	Path target;

	@Option(names = "--from", paramLabel = "<RFC3339>", converter = Rfc3339.class,
			description = "First instant included, e.g. 2026-11-01T00:00:00Z (default: the beginning).")
	Instant from;

	@Option(names = "--to", paramLabel = "<RFC3339>", converter = Rfc3339.class,
			description = "First instant excluded (default: no end).")
	Instant to;

	@Mixin
	DatabaseOptions database = new DatabaseOptions();

	@Mixin
	VerboseOption verbose = new VerboseOption();

	ExportCommand(PrintStream out) {
		this.out = out;
	}

	@Override
	public Integer call() throws IOException {
		if (!this.database.present()) {
			throw new ParameterException(this.spec.commandLine(), "export needs --db <jdbc-url>");
		}
		if (this.from != null && this.to != null && !this.from.isBefore(this.to)) {
			throw new ParameterException(this.spec.commandLine(), "--from must be before --to");
		}
		Path temporary = Files.createTempFile(this.target.toAbsolutePath().getParent(), "." + this.target.getFileName(),
				".partial");
		try (Connection connection = this.database.dataSource().getConnection()) {
			// One snapshot for the range, the entries and the proof; and PostgreSQL
			// streams
			// with a fetch size only inside a transaction.
			connection.setAutoCommit(false);
			connection.setReadOnly(true);
			ExportRange range = ExportRange.find(connection, Optional.ofNullable(this.from),
					Optional.ofNullable(this.to));
			VerifierKey key = verifierKey(connection, range);
			try (OutputStream file = Files.newOutputStream(temporary)) {
				BundleWriter bundle = new BundleWriter(file);
				writeEntries(connection, range, bundle);
				RangeProof proof = MerkleTree.rangeProof(range.first(), range.end(), range.checkpointSize(),
						new StoredNodes(connection));
				bundle.finish(range.checkpointNote(), key, proof);
			}
			connection.rollback();
			Files.move(temporary, this.target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			report(range, key);
			return ExitStatus.OK;
		}
		catch (SQLException ex) {
			throw new CountersignException(ErrorCode.ERR_LEDGER_UNAVAILABLE,
					"cannot read the ledger database " + Redacted.url(this.database.url) + ": " + ex.getMessage(), ex);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	// The range was chosen with the ts column, which lies outside the leaf and is not
	// trusted: every exported leaf must carry a ts inside the range, and the leaves just
	// before and after it one outside, or a forged column has moved the boundaries.
	private static void writeEntries(Connection connection, ExportRange range, BundleWriter bundle)
			throws SQLException, IOException {
		try (PreparedStatement select = connection
			.prepareStatement("SELECT idx, leaf FROM ledger_entry WHERE idx >= ? AND idx < ? ORDER BY idx")) {
			select.setFetchSize(FETCH_SIZE);
			select.setLong(1, Math.max(0, range.first() - 1));
			select.setLong(2, Math.min(range.checkpointSize(), range.end() + 1));
			try (ResultSet row = select.executeQuery()) {
				long expected = Math.max(0, range.first() - 1);
				while (row.next()) {
					if (row.getLong(1) != expected) {
						throw new CountersignException(ErrorCode.ERR_LEDGER_INTEGRITY,
								"ledger entry " + expected + " is missing; run verify --db");
					}
					byte[] leaf = row.getBytes(2);
					boolean inside = expected >= range.first() && expected < range.end();
					if (range.contains(leafTime(expected, leaf)) != inside) {
						throw new CountersignException(ErrorCode.ERR_LEDGER_INTEGRITY, "ledger entry " + expected
								+ ": its stored ts column disagrees with the ts in its leaf; run verify --db");
					}
					if (inside) {
						bundle.writeEntry(expected, leaf);
					}
					expected++;
				}
			}
		}
	}

	private static Instant leafTime(long index, byte[] leaf) {
		try {
			return Event.fromLeaf(leaf).ts();
		}
		catch (RuntimeException ex) {
			throw new CountersignException(ErrorCode.ERR_LEDGER_INTEGRITY,
					"ledger entry " + index + " is not a valid event; run verify --db");
		}
	}

	/**
	 * The published verifier key: the stored public key under the checkpoint's origin. A
	 * bundle is only worth writing if the checkpoint it proves against verifies with it.
	 */
	private static VerifierKey verifierKey(Connection connection, ExportRange range) throws SQLException {
		SignedNote note = SignedNote.parse(range.checkpointNote());
		String origin = Checkpoint.parse(note.text()).origin();
		try (PreparedStatement select = connection.prepareStatement(
				"SELECT public_key FROM ledger_key WHERE purpose = 'checkpoint-ed25519' ORDER BY version DESC");
				ResultSet row = select.executeQuery()) {
			while (row.next()) {
				VerifierKey key = VerifierKey.of(origin, row.getBytes(1));
				if (note.verifiedBy(key)) {
					return key;
				}
			}
		}
		throw new CountersignException(ErrorCode.ERR_LEDGER_INTEGRITY, "the latest checkpoint (size "
				+ range.checkpointSize() + ") is not signed by any key in ledger_key; run verify --db");
	}

	private void report(ExportRange range, VerifierKey key) {
		this.out.println("exported entries [" + range.first() + ", " + range.end() + ") (" + range.count()
				+ " entries) with checkpoint " + key.name() + " size " + range.checkpointSize() + " to " + this.target);
		if (range.newer() > 0) {
			this.out.println("not exported: " + range.newer() + " entries in the time range are newer than the latest "
					+ "checkpoint; export again after the next checkpoint to include them");
		}
	}

}
