package io.countersign.server.approval.internal.execution;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import io.countersign.server.approval.internal.Rows;
import io.countersign.server.secrets.SecretSealer;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The shared secrets of executor webhooks (the {@code approval_executor_secret} table),
 * sealed under the master key and named by their fingerprint. Policy documents, ledger
 * events and API answers carry only the fingerprint, so the secret a proposal brings is
 * stored here when the proposal is made and found again by the version that names it.
 */
@Repository
public class ExecutorSecrets {

	private final JdbcClient jdbc;

	private final SecretSealer sealer;

	ExecutorSecrets(JdbcClient jdbc, SecretSealer sealer) {
		this.jdbc = jdbc;
		this.sealer = sealer;
	}

	/**
	 * SHA-256 of the secret's UTF-8 bytes in lower-case hex: what a receiver's operator
	 * can compute with {@code printf %s "$SECRET" | sha256sum} to check which secret a
	 * policy names. Policy secrets are at least 32 characters, so the fingerprint does
	 * not make guessing them feasible.
	 */
	public static String fingerprint(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	/**
	 * Seals and stores {@code secret} unless it is stored already; answers its
	 * fingerprint. Call it in the transaction of the proposal that brings it.
	 */
	public String store(String secret, String person, Instant now) {
		String fingerprint = fingerprint(secret);
		if (has(fingerprint)) {
			return fingerprint;
		}
		byte[] sealed = this.sealer.seal(secret.getBytes(StandardCharsets.UTF_8), context(fingerprint));
		try {
			this.jdbc
				.sql("""
						INSERT INTO approval_executor_secret (fingerprint, sealed, created_at, created_by) VALUES (?, ?, ?, ?)
						""")
				.params(fingerprint, sealed, Rows.utc(now), person)
				.update();
		}
		catch (DuplicateKeyException alreadyStored) {
			// the same secret, stored by a concurrent proposal: nothing to add
		}
		return fingerprint;
	}

	public boolean has(String fingerprint) {
		return this.jdbc.sql("SELECT COUNT(*) FROM approval_executor_secret WHERE fingerprint = ?")
			.param(fingerprint)
			.query(Long.class)
			.single() > 0;
	}

	/** The secret named by {@code fingerprint}, for signing a call. */
	byte[] open(String fingerprint) {
		byte[] sealed = this.jdbc.sql("SELECT sealed FROM approval_executor_secret WHERE fingerprint = ?")
			.param(fingerprint)
			.query(byte[].class)
			.single();
		return this.sealer.unseal(sealed, context(fingerprint));
	}

	// bound as associated data: a sealed secret copied to another row does not open there
	private static String context(String fingerprint) {
		return "approval_executor_secret/" + fingerprint;
	}

}
