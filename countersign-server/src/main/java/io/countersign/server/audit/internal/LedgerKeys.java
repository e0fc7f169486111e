package io.countersign.server.audit.internal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.countersign.ledger.chain.ChainHmac;
import io.countersign.ledger.note.NoteSigner;
import io.countersign.ledger.note.VerifierKey;
import io.countersign.ledger.verify.ChainKeys;
import io.countersign.server.secrets.SecretSealer;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The ledger's two secrets, loaded from {@code ledger_key} at startup or created on first
 * start: the chain HMAC key and the Ed25519 checkpoint signing key. Secrets are stored
 * sealed under the master key; neither is ever logged.
 */
@Component
class LedgerKeys {

	/** The version of the chain key new rows are written with. */
	static final int CHAIN_KEY_VERSION = 1;

	private static final int SIGNING_KEY_VERSION = 1;

	private static final String CHAIN_HMAC = "chain-hmac";

	private static final String CHECKPOINT_ED25519 = "checkpoint-ed25519";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] chainKey;

	private final NoteSigner signer;

	LedgerKeys(JdbcClient jdbc, SecretSealer sealer, LedgerProperties properties) {
		Store store = new Store(jdbc, sealer);
		// Keys made up for a ledger that already has entries would sign and chain a
		// history nobody can verify against the old one: refuse, never generate.
		requireKeysOfStoredHistory(store);
		this.chainKey = store.loadOrCreate(CHAIN_HMAC, CHAIN_KEY_VERSION, () -> {
			byte[] key = new byte[32];
			RANDOM.nextBytes(key);
			return new Created(key, null);
		}).secret();
		Loaded signing = store.loadOrCreate(CHECKPOINT_ED25519, SIGNING_KEY_VERSION, () -> {
			NoteSigner generated = NoteSigner.generate(properties.origin());
			return new Created(generated.seed(), generated.verifierKey().publicKey());
		});
		this.signer = NoteSigner.ed25519(properties.origin(), signing.secret());
		// A seed that does not derive the stored public key means the row or the master
		// key is wrong: refuse to sign rather than publish checkpoints nobody can check.
		if (!Arrays.equals(this.signer.verifierKey().publicKey(), signing.publicKey())) {
			throw new IllegalStateException("ledger_key " + CHECKPOINT_ED25519 + " v" + SIGNING_KEY_VERSION
					+ ": the sealed seed does not match the stored public key");
		}
	}

	private static void requireKeysOfStoredHistory(Store store) {
		Optional<StoredHistory> history = store.history();
		if (history.isEmpty()) {
			return;
		}
		Set<KeyName> needed = new LinkedHashSet<>();
		needed.add(new KeyName(CHAIN_HMAC, CHAIN_KEY_VERSION));
		history.get().tailKeyVersion().ifPresent((version) -> needed.add(new KeyName(CHAIN_HMAC, version)));
		needed.add(new KeyName(CHECKPOINT_ED25519, SIGNING_KEY_VERSION));
		List<String> missing = needed.stream()
			.filter((key) -> !store.exists(key.purpose(), key.version()))
			.map(KeyName::toString)
			.toList();
		if (!missing.isEmpty()) {
			throw new MissingLedgerKeys(history.get(), missing);
		}
	}

	/** A chainer over the current chain key, for the sequencer's own thread. */
	ChainHmac chainHmac() {
		return ChainHmac.withKey(this.chainKey);
	}

	/** The chain keys by version, for verification. */
	ChainKeys chainKeys() {
		byte[] key = this.chainKey.clone();
		return (version) -> (version == CHAIN_KEY_VERSION) ? Optional.of(key.clone()) : Optional.empty();
	}

	NoteSigner signer() {
		return this.signer;
	}

	VerifierKey verifierKey() {
		return this.signer.verifierKey();
	}

	/**
	 * A key for authenticating values the server hands out and takes back (query
	 * cursors), derived from the chain key so that all servers on one database agree.
	 */
	byte[] derivedKey(String purpose) {
		Mac mac = mac(this.chainKey);
		return mac.doFinal(("countersign derived key: " + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	static Mac mac(byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("every Java platform must provide HmacSHA256", ex);
		}
	}

	/** Entries and checkpoints already stored: the keys that made them must exist. */
	record StoredHistory(long entries, Optional<Integer> tailKeyVersion, long largestCheckpoint) {

	}

	private record KeyName(String purpose, int version) {

		@Override
		public String toString() {
			return this.purpose + " v" + this.version;
		}

	}

	private record Created(byte[] secret, byte[] publicKey) {

	}

	private record Loaded(byte[] secret, byte[] publicKey) {

	}

	private record Sealed(byte[] sealed, byte[] publicKey) {

	}

	/** The SQL of {@code ledger_key}. */
	private record Store(JdbcClient jdbc, SecretSealer sealer) {

		// Two servers starting at once both try to insert; the loser of the primary-key
		// race reads the winner's row, so both end up with the same key.
		Loaded loadOrCreate(String purpose, int version, java.util.function.Supplier<Created> create) {
			String context = "ledger_key:" + purpose + ":" + version;
			Optional<Sealed> row = read(purpose, version);
			if (row.isEmpty()) {
				Created created = create.get();
				try {
					this.jdbc.sql("""
							INSERT INTO ledger_key (purpose, version, public_key, sealed_secret, created_at)
							VALUES (:purpose, :version, :publicKey, :sealed, :createdAt)
							""")
						.param("purpose", purpose)
						.param("version", version)
						.param("publicKey", created.publicKey(), java.sql.Types.VARBINARY)
						.param("sealed", this.sealer.seal(created.secret(), context))
						.param("createdAt", OffsetDateTime.now(ZoneOffset.UTC))
						.update();
					return new Loaded(created.secret(), created.publicKey());
				}
				catch (DuplicateKeyException ex) {
					row = read(purpose, version);
				}
			}
			Sealed sealed = row.orElseThrow(() -> new IllegalStateException("ledger_key " + purpose + " missing"));
			return new Loaded(this.sealer.unseal(sealed.sealed(), context), sealed.publicKey());
		}

		/**
		 * What the database already holds that the keys chained or signed, if anything.
		 */
		Optional<StoredHistory> history() {
			Optional<long[]> tail = this.jdbc.sql("SELECT idx, key_version FROM ledger_entry ORDER BY idx DESC LIMIT 1")
				.query((row, n) -> new long[] { row.getLong(1), row.getInt(2) })
				.optional();
			long checkpoint = this.jdbc.sql("SELECT COALESCE(MAX(tree_size), -1) FROM ledger_checkpoint")
				.query(Long.class)
				.single();
			if (tail.isEmpty() && checkpoint < 0) {
				return Optional.empty();
			}
			long entries = tail.map((row) -> row[0] + 1).orElse(0L);
			return Optional.of(new StoredHistory(entries, tail.map((row) -> (int) row[1]), checkpoint));
		}

		boolean exists(String purpose, int version) {
			return read(purpose, version).isPresent();
		}

		private Optional<Sealed> read(String purpose, int version) {
			return this.jdbc
				.sql("SELECT sealed_secret, public_key FROM ledger_key WHERE purpose = :purpose AND version = :version")
				.param("purpose", purpose)
				.param("version", version)
				.query((row, n) -> new Sealed(row.getBytes(1), row.getBytes(2)))
				.optional();
		}

	}

}
