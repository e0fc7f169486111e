package io.countersign.server.cli;

/** The exit statuses every command uses, so scripts can tell tampering from trouble. */
final class ExitStatus {

	/** The command did its work; for {@code verify}, the ledger is intact. */
	static final int OK = 0;

	/** The ledger or bundle was checked and is not intact. */
	static final int TAMPERED = 1;

	/** Bad usage, unreadable input or an unreachable database: nothing was concluded. */
	static final int ERROR = 2;

	private ExitStatus() {
	}

}
