package io.countersign.server.audit.internal;

import java.util.List;

/**
 * The database holds ledger entries or checkpoints but not the keys they were chained and
 * signed with: the server must not start, and must not make up new keys.
 */
public final class MissingLedgerKeys extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	static final String ACTION = "Restore the ledger_key rows from the backup that holds these entries, "
			+ "together with the master key that sealed them, or point COUNTERSIGN_DB_URL at the database "
			+ "the entries belong to. To begin a new ledger, use a new, empty database.";

	private final String problem;

	MissingLedgerKeys(LedgerKeys.StoredHistory history, List<String> missing) {
		this(problem(history, missing));
	}

	private MissingLedgerKeys(String problem) {
		super(problem + " " + ACTION);
		this.problem = problem;
	}

	/** What is wrong and what it means, without {@link #ACTION what to do}. */
	String problem() {
		return this.problem;
	}

	private static String problem(LedgerKeys.StoredHistory history, List<String> missing) {
		return "Countersign refuses to start: the ledger in this database holds " + history.entries() + " entries"
				+ ((history.largestCheckpoint() >= 0)
						? " and signed checkpoints up to size " + history.largestCheckpoint() : "")
				+ ", but table ledger_key lacks " + "the keys they were made with (" + String.join(", ", missing)
				+ "). Every stored chain value "
				+ "and checkpoint signature depends on these keys, and new keys would start a second history "
				+ "that cannot be verified against the stored one, so none are generated. The keys were "
				+ "deleted, or this database was restored or copied without its ledger_key rows, or the "
				+ "server points at another database than the one these entries came from.";
	}

}
