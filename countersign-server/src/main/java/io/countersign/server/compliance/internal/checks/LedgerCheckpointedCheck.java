package io.countersign.server.compliance.internal.checks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.server.audit.AuditReading;
import io.countersign.server.audit.AuditReading.SignedCheckpoint;
import io.countersign.server.compliance.CheckOutcome;
import io.countersign.server.compliance.CheckResult;

import org.springframework.stereotype.Component;

/**
 * Signed checkpoints cover the ledger: the latest signed checkpoint exists and names a
 * size no larger than the ledger's (a larger one would mean entries vanished). It cites
 * the last entry the checkpoint covers.
 */
@Component
class LedgerCheckpointedCheck implements Check {

	static final String ID = "ledger-checkpointed";

	private final AuditReading ledger;

	LedgerCheckpointedCheck(AuditReading ledger) {
		this.ledger = ledger;
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public CheckResult run(CheckContext context) {
		// the checkpoint first: the ledger only grows, so a size read after it is at
		// least the size it signed, unless entries really vanished (read the other way
		// round, a checkpoint cut in between would look like missing entries)
		Optional<SignedCheckpoint> checkpoint = this.ledger.latestCheckpoint();
		long size = this.ledger.size();
		Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("ledgerSize", size);
		if (checkpoint.isEmpty()) {
			return Results.of(ID, context, CheckOutcome.FAILED,
					"No signed checkpoint exists for the " + size + " entries of the ledger.", facts);
		}
		long covered = checkpoint.get().size();
		facts.put("checkpointSize", covered);
		if (covered > size) {
			return Results.of(ID, context, CheckOutcome.FAILED, "The latest signed checkpoint covers " + covered
					+ " entries but the ledger holds " + size + ": entries are missing.", facts);
		}
		List<Long> cited = (covered > 0) ? List.of(covered - 1) : List.of();
		return Results.of(ID, context, CheckOutcome.PASSED, "The latest signed checkpoint covers " + covered + " of "
				+ size + " entries (newer ones are signed at the next checkpoint).", facts, cited);
	}

}
