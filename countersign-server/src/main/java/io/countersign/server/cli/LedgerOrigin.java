package io.countersign.server.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.SignedNote;

/**
 * The ledger's origin, which is also the name of its checkpoint key: the server knows it
 * from its configuration, a command reads it from the latest checkpoint.
 */
final class LedgerOrigin {

	/** What the server uses unless {@code countersign.ledger.origin} says otherwise. */
	static final String DEFAULT = "countersign.local/ledger";

	private LedgerOrigin() {
	}

	/**
	 * The origin line of the latest checkpoint, or the default when there is none or it
	 * is unreadable (verification then reports that checkpoint).
	 */
	static String of(Connection connection) throws SQLException {
		try (PreparedStatement select = connection
			.prepareStatement("SELECT note FROM ledger_checkpoint ORDER BY tree_size DESC LIMIT 1");
				ResultSet row = select.executeQuery()) {
			if (!row.next()) {
				return DEFAULT;
			}
			try {
				return Checkpoint.parse(SignedNote.parse(row.getString(1)).text()).origin();
			}
			catch (IllegalArgumentException ex) {
				return DEFAULT;
			}
		}
	}

}
