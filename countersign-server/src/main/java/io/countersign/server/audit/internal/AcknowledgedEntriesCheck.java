package io.countersign.server.audit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import io.countersign.ledger.Hash;
import io.countersign.server.audit.TreeHead;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Refuses to start the ledger on an embedded database that no longer holds every entry
 * the ledger acknowledged: one that stores fewer entries than the
 * {@link AcknowledgedHead} recorded beside it, or another tree of that size. Appending to
 * it would hand the lost indexes to other events, and the receipts callers kept would
 * name those. Also refuses a database user that may not force H2 to disk, which every
 * append needs.
 */
@Component
class AcknowledgedEntriesCheck implements SmartLifecycle {

	private final LedgerWrites writes;

	private final LedgerEntries entries;

	private final ProofNodes nodes;

	private volatile boolean running;

	AcknowledgedEntriesCheck(LedgerWrites writes, LedgerEntries entries, ProofNodes nodes) {
		this.writes = writes;
		this.entries = entries;
		this.nodes = nodes;
	}

	@Override
	public void start() {
		checkForceToDisk();
		this.writes.acknowledgedHead().ifPresent(this::check);
		this.running = true;
	}

	private void checkForceToDisk() {
		try {
			this.writes.checkForceToDisk();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("cannot force the embedded database to disk (CHECKPOINT SYNC), "
					+ "which the ledger does before it acknowledges an append; the database user must be an "
					+ "H2 administrator", ex);
		}
	}

	private void check(AcknowledgedHead file) {
		Optional<TreeHead> acknowledged;
		try {
			acknowledged = file.read();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the acknowledged tree head in " + file.file(), ex);
		}
		if (acknowledged.isEmpty()) {
			return;
		}
		long size = acknowledged.get().size();
		long stored = this.entries.size();
		if (stored < size) {
			throw new IllegalStateException("the database holds " + stored + " ledger entries, but the ledger "
					+ "acknowledged " + size + " (recorded in " + file.file() + "): acknowledged entries are "
					+ "missing, and appending would hand their indexes to other events. Restore the database "
					+ "from a copy that holds them; to go on without them, delete " + file.file()
					+ " (receipts for index " + stored + " and above then name other events or none)");
		}
		Hash root = this.nodes.storedRoot(size);
		if (!root.equals(acknowledged.get().root())) {
			throw new IllegalStateException("the database's first " + size + " ledger entries have root "
					+ root.base64() + ", but the ledger acknowledged root " + acknowledged.get().root().base64()
					+ " for that size (recorded in " + file.file() + "): it is not the database that "
					+ "acknowledged them. Use that database, or delete " + file.file() + " to go on with this one");
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	// before the sequencer starts
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 5120;
	}

}
