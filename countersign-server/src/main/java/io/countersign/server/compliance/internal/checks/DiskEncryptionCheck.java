package io.countersign.server.compliance.internal.checks;

import java.util.Map;

import io.countersign.server.compliance.CheckResult;

import org.springframework.stereotype.Component;

/**
 * Disk encryption of the database host: neither PostgreSQL nor H2 can tell whether the
 * disk under its files is encrypted, so this is never decided automatically: the control
 * stands as its attestation says.
 */
@Component
class DiskEncryptionCheck implements Check {

	static final String ID = "disk-encryption";

	@Override
	public String id() {
		return ID;
	}

	@Override
	public CheckResult run(CheckContext context) {
		return Results.cannotVerify(ID, context,
				"Whether the database's disk is encrypted is invisible to the database and to Countersign; "
						+ "attest it with the volume's encryption settings as evidence.",
				Map.of("visibleTo", "the host or cloud account only"));
	}

}
