package io.countersign.server.compliance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An admin's statement about a control, with its evidence files; it counts until
 * {@code expiresOn} (exclusive), then the control falls back to not started.
 *
 * @param state the state attested
 * @param note what was done and where the proof is
 * @param owner who is responsible for the control
 * @param expiresOn the first day it no longer counts
 * @param attestedBy the account that made it
 * @param attestedAt when
 * @param files the evidence files, each with its SHA-256
 * @param ledgerIndex the ledger entry recording it, once appended
 */
public record Attestation(ControlState state, String note, String owner, LocalDate expiresOn, String attestedBy,
		Instant attestedAt, List<EvidenceFile> files, java.util.Optional<Long> ledgerIndex) {

	public Attestation {
		files = List.copyOf(files);
	}

	/** An evidence file: its name, type, size and SHA-256 (hex). */
	public record EvidenceFile(String id, String name, String contentType, long size, String sha256) {

	}

}
