package io.countersign.server.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.countersign.ledger.note.NoteSigner;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.verify.ChainKeys;
import io.countersign.ledger.verify.Failure;
import io.countersign.ledger.verify.Tampered;
import io.countersign.server.secrets.SecretSealer;
import io.countersign.server.shared.CountersignException;
import io.countersign.server.shared.ErrorCode;

/**
 * The ledger keys as a verifier needs them, read from {@code ledger_key} and never
 * created (the server's own loader creates missing keys, which a verifier must not). The
 * checkpoint key is derived from the sealed Ed25519 seed, which only the master key
 * opens, so a public key swapped in the table is a finding, not the key we check with.
 *
 * @param verifierKey the checkpoint verifier key derived from the sealed seed
 * @param chainKeys the chain HMAC keys by version
 * @param swappedKey set when the stored public key is not the one the seed derives
 */
record LedgerKeyRing(VerifierKey verifierKey, ChainKeys chainKeys, Optional<Tampered> swappedKey) {

	private static final String CHAIN_HMAC = "chain-hmac";

	private static final String CHECKPOINT_ED25519 = "checkpoint-ed25519";

	static LedgerKeyRing load(Connection connection, SecretSealer sealer, String origin) throws SQLException {
		Map<Integer, byte[]> chainKeys = new HashMap<>();
		Optional<SealedKey> signing = Optional.empty();
		try (PreparedStatement select = connection.prepareStatement(
				"SELECT purpose, version, public_key, sealed_secret FROM ledger_key ORDER BY purpose, version");
				ResultSet row = select.executeQuery()) {
			while (row.next()) {
				SealedKey key = new SealedKey(row.getString(1), row.getInt(2), row.getBytes(3), row.getBytes(4));
				if (CHAIN_HMAC.equals(key.purpose())) {
					chainKeys.put(key.version(), unseal(sealer, key));
				}
				else if (CHECKPOINT_ED25519.equals(key.purpose())) {
					signing = Optional.of(key); // ordered by version: the newest wins
				}
			}
		}
		SealedKey sealedSeed = signing.orElseThrow(() -> new CountersignException(ErrorCode.ERR_NOT_FOUND,
				"ledger_key holds no " + CHECKPOINT_ED25519 + " key: is this a Countersign ledger database?"));
		VerifierKey derived = NoteSigner.ed25519(origin, unseal(sealer, sealedSeed)).verifierKey();
		Optional<Tampered> swapped = Optional.empty();
		if (sealedSeed.publicKey() == null || !Arrays.equals(sealedSeed.publicKey(), derived.publicKey())) {
			swapped = Optional.of(new Tampered(OptionalLong.empty(), Failure.CHECKPOINT_SIGNATURE,
					"ledger_key " + sealedSeed.name() + " stores a public key that its sealed seed does not derive; "
							+ "the real key is " + derived.encoded()));
		}
		return new LedgerKeyRing(derived, (version) -> Optional.ofNullable(chainKeys.get(version)).map(byte[]::clone),
				swapped);
	}

	// The contexts the server sealed them under: a secret moved to another row won't
	// open.
	private static byte[] unseal(SecretSealer sealer, SealedKey key) {
		try {
			return sealer.unseal(key.sealed(), "ledger_key:" + key.purpose() + ":" + key.version());
		}
		catch (SecretSealer.UnsealException ex) {
			throw new CountersignException(ErrorCode.ERR_VALIDATION, "cannot open ledger_key " + key.name()
					+ " with this master key (is it the server's master key?): " + ex.getMessage(), ex);
		}
	}

	private record SealedKey(String purpose, int version, byte[] publicKey, byte[] sealed) {

		String name() {
			return this.purpose + " v" + this.version;
		}

	}

}
