package io.countersign.server.compliance.internal.checks;

import java.util.Map;

import io.countersign.server.compliance.CheckResult;

import org.springframework.stereotype.Component;

/**
 * Retention configured at least the framework's minimum: Countersign has no retention
 * setting yet (the ledger keeps everything, and backups are the operator's), so nothing
 * here can show how long records are kept: cannot verify, never a pass.
 */
@Component
class RetentionCheck implements Check {

	static final String ID = "retention";

	@Override
	public String id() {
		return ID;
	}

	@Override
	public CheckResult run(CheckContext context) {
		return Results.cannotVerify(ID, context,
				"Countersign has no retention setting yet: the ledger is append-only and keeps every entry, but "
						+ "how long the database and its backups are kept is decided outside it; attest the backup "
						+ "and retention policy.",
				Map.of("retentionSetting", "none"));
	}

}
