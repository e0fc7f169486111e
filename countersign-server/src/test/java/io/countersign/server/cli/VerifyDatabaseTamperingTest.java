package io.countersign.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.countersign.ledger.Hash;
import io.countersign.ledger.chain.ChainHmac;
import io.countersign.ledger.json.CanonicalJson;
import io.countersign.ledger.json.Json;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.NoteSigner;
import io.countersign.ledger.tree.CompactRange;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.server.testing.PostgresTestDatabaseExtension;
import io.countersign.server.testing.TestSecrets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks a ledger the application wrote, the way a database superuser could, and checks
 * that {@code verify --db} names each attack: exit 1 with the first bad index and what
 * differs.
 */
@ExtendWith(PostgresTestDatabaseExtension.class)
class VerifyDatabaseTamperingTest {

	private static final String ORIGIN = "countersign.local/ledger";

	private static PopulatedLedger ledger;

	@TempDir
	Path files;

	@BeforeAll
	static void writeLedger() throws Exception {
		ledger = PopulatedLedger.writeInto(PostgresTestDatabaseExtension.current());
	}

	@Test
	void intactLedgerVerifiesWithEveryCheckpoint() throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			CliRun run = verify(copy);

			assertThat(run.exit()).as(run.toString()).isZero();
			assertThat(run.out()).startsWith("INTACT: " + PopulatedLedger.SIZE + " entries, "
					+ ledger.checkpointSizes().size() + " checkpoints checked");
			assertThat(run.out()).contains("size " + PopulatedLedger.SIZE).contains("entries/s");
		}
	}

	@Test
	void rowsStoredOutOfIndexOrderButIntactStillVerify() throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			// a new version of each row at the end of the table: stored out of index
			// order, read in index order
			copy.tamper("UPDATE ledger_entry SET idx = idx WHERE idx IN (0, 150)");
			CliRun run = verify(copy);

			assertThat(run.exit()).as(run.toString()).isZero();
			assertThat(run.out()).startsWith("INTACT: " + PopulatedLedger.SIZE + " entries, "
					+ ledger.checkpointSizes().size() + " checkpoints checked");
		}
	}

	@Test
	void forgedRowWithANegativeIndexIsAGapBeforeTheFirstEntry() throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			// stored after every genuine row, but first in index order
			copy.tamper("""
					INSERT INTO ledger_entry (idx, leaf, leaf_hash, chain, key_version, subtree_hashes, ts, type,
					    actor_id, actor_type, action, resource_type, resource_id, outcome)
					SELECT -1, leaf, leaf_hash, chain, key_version, subtree_hashes, ts, type, actor_id, actor_type,
					    action, resource_type, resource_id, outcome
					FROM ledger_entry WHERE idx = 5
					""");

			assertTampered(verify(copy), "INDEX_GAP at index 0: expected entry 0 but the next stored entry is -1");
		}
	}

	@Test
	void oneChangedByteOfALeafIsNamed() throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			copy.tamper("UPDATE ledger_entry SET leaf = set_byte(leaf, 20, get_byte(leaf, 20) # 1) WHERE idx = 123");

			assertTampered(verify(copy), "LEAF_HASH_MISMATCH at index 123");
		}
	}

	@Test
	void changedChainValueIsNamed() throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			copy.tamper("UPDATE ledger_entry SET chain = set_byte(chain, 0, get_byte(chain, 0) # 1) WHERE idx = 77");

			assertTampered(verify(copy), "CHAIN_MISMATCH at index 77");
		}
	}

	@Test
	void changedStoredSubtreeHashIsNamed() throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			// 79 ends in four one bits, so its row stores four subtree hashes; spoil the
			// third.
			copy.tamper("UPDATE ledger_entry SET subtree_hashes = "
					+ "set_byte(subtree_hashes, 70, get_byte(subtree_hashes, 70) # 1) WHERE idx = 79");

			assertTampered(verify(copy), "NODE_MISMATCH at index 79");
		}
	}

	@Test
	void changedStoredLeafHashIsNamed() throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			copy.tamper("UPDATE ledger_entry SET leaf_hash = set_byte(leaf_hash, 31, get_byte(leaf_hash, 31) # 1) "
					+ "WHERE idx = 150");

			assertTampered(verify(copy), "LEAF_HASH_MISMATCH at index 150");
		}
	}

	// The columns copy leaf members for queries; the leaf is untouched, so only the
	// comparison with the leaf can tell. Entry 123: actor user-4, action grant, resource
	// role/role-123, outcome success.
	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "ts = ts + INTERVAL '1 microsecond' | ts", "type = 'authz_fail' | type",
					"actor_id = 'user-0' | actor_id", "actor_type = 'service' | actor_type",
					"action = 'revoke' | action", "action = NULL | action", "resource_type = 'secret' | resource_type",
					"resource_id = 'role-124' | resource_id", "resource_id = NULL | resource_id",
					"outcome = 'failure' | outcome" })
	void changedQueryColumnIsNamedWithTheColumn(String change, String column) throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			copy.tamper("UPDATE ledger_entry SET " + change + " WHERE idx = 123");

			assertTampered(verify(copy), "COLUMN_MISMATCH at index 123: column " + column + " ");
		}
	}

	@Test
	void changedQueryColumnReportsBothValues() throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			copy.tamper("UPDATE ledger_entry SET actor_id = 'user-0' WHERE idx = 123",
					"UPDATE ledger_entry SET outcome = 'denied' WHERE idx = 200");

			assertTampered(verify(copy),
					"COLUMN_MISMATCH at index 123: column actor_id holds \"user-0\", the leaf's actor.id is \"user-4\"");
		}
	}

	@Test
	void deletedRowIsNamedAsAGap() throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			copy.tamper("DELETE FROM ledger_entry WHERE idx = 200");

			assertTampered(verify(copy), "INDEX_GAP at index 200");
		}
	}

	@Test
	void swappedRowsAreNamedAtTheFirstOfThem() throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			copy.tamper("UPDATE ledger_entry SET idx = -1 WHERE idx = 100",
					"UPDATE ledger_entry SET idx = 100 WHERE idx = 101",
					"UPDATE ledger_entry SET idx = 101 WHERE idx = -1");

			assertTampered(verify(copy), "CHAIN_MISMATCH at index 100");
		}
	}

	@Test
	void forgedRowAppendedWithoutTheChainKeyIsNamed() throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			List<LedgerCopy.Row> rows = copy.rows();
			CompactRange tree = CompactRange.empty();
			rows.forEach((row) -> tree.append(Rfc6962.leafHash(row.leaf())));
			byte[] leaf = forgedLeaf(rows.get(rows.size() - 1).leaf(), "mallory");
			Hash leafHash = Rfc6962.leafHash(leaf);
			byte[] subtrees = concat(tree.append(leafHash));
			byte[] guessedChain = new byte[32];
			new SecureRandom().nextBytes(guessedChain);
			copy.tamper((connection) -> insertCopyOfLast(connection, PopulatedLedger.SIZE, leaf, leafHash.bytes(),
					guessedChain, subtrees));

			assertTampered(verify(copy), "CHAIN_MISMATCH at index " + PopulatedLedger.SIZE);
		}
	}

	@Test
	void truncatedTailPassesAloneButNotAgainstASavedCheckpoint() throws Exception {
		Path saved = this.files.resolve("checkpoint.txt");
		Files.writeString(saved, ledger.checkpointNote(PopulatedLedger.SIZE));
		long kept = PopulatedLedger.SIZE - PopulatedLedger.BATCH_SIZE;
		try (LedgerCopy copy = ledger.copy()) {
			copy.tamper("DELETE FROM ledger_entry WHERE idx >= " + kept,
					"DELETE FROM ledger_checkpoint WHERE tree_size > " + kept);

			// What remains is a consistent shorter ledger: only a saved checkpoint shows
			// the loss.
			assertThat(verify(copy).exit()).isZero();
			CliRun run = verify(copy, "--checkpoint", saved.toString());
			assertTampered(run, "TRUNCATED at index " + kept);
		}
	}

	@Test
	void rewrittenLogResignedWithAnAttackersKeyFailsTheCheckpointSignature() throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			NoteSigner attacker = NoteSigner.generate(ORIGIN);
			copy.tamper((connection) -> rewriteEverything(copy, connection, attacker));

			assertTampered(verify(copy), "CHECKPOINT_SIGNATURE");
		}
	}

	@Test
	void rewrittenLogWithTheAttackersPublicKeyStoredIsStillCaught() throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			NoteSigner attacker = NoteSigner.generate(ORIGIN);
			copy.tamper((connection) -> {
				rewriteEverything(copy, connection, attacker);
				try (PreparedStatement update = connection
					.prepareStatement("UPDATE ledger_key SET public_key = ? WHERE purpose = 'checkpoint-ed25519'")) {
					update.setBytes(1, attacker.verifierKey().publicKey());
					update.executeUpdate();
				}
			});

			// The sealed seed, which only the master key opens, still derives the real
			// key.
			assertTampered(verify(copy), "CHECKPOINT_SIGNATURE");
		}
	}

	@Test
	void unreachableDatabaseIsAnErrorWithOneLine() {
		CliRun run = CliRun.of("verify", "--db", "jdbc:postgresql://127.0.0.1:1/countersign?connectTimeout=2",
				"--master-key", TestSecrets.MASTER_KEY);

		assertThat(run.exit()).as(run.toString()).isEqualTo(2);
		assertThat(run.out()).isEmpty();
		assertThat(run.err().lines()).hasSize(1).allMatch((line) -> line.startsWith("countersign: "));
	}

	@Test
	void malformedJdbcUrlIsAnErrorWithOneLine() {
		CliRun run = CliRun.of("verify", "--db", "not-a-jdbc-url", "--master-key", TestSecrets.MASTER_KEY);

		assertThat(run.exit()).as(run.toString()).isEqualTo(2);
		assertThat(run.err().lines()).hasSize(1);
	}

	@Test
	void verboseFailureAddsTheStackTrace() {
		CliRun run = CliRun.of("verify", "--db", "not-a-jdbc-url", "--master-key", TestSecrets.MASTER_KEY, "--verbose");

		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).contains("\tat ");
	}

	@Test
	void wrongMasterKeyIsAnErrorNotTampering() throws Exception {
		try (LedgerCopy copy = ledger.copy()) {
			CliRun run = CliRun.of("verify", "--db", copy.url(), "--master-key",
					"AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

			assertThat(run.exit()).as(run.toString()).isEqualTo(2);
			assertThat(run.err()).contains("master key");
		}
	}

	private static CliRun verify(LedgerCopy copy, String... more) {
		List<String> args = new ArrayList<>(
				List.of("verify", "--db", copy.url(), "--master-key", TestSecrets.MASTER_KEY));
		args.addAll(List.of(more));
		return CliRun.of(args.toArray(String[]::new));
	}

	private static void assertTampered(CliRun run, String failure) {
		assertThat(run.exit()).as(run.toString()).isEqualTo(1);
		assertThat(run.out().lines()).as(run.toString()).hasSize(1);
		assertThat(run.out()).as(run.toString()).startsWith("TAMPERED: " + failure);
	}

	/**
	 * The attacker's ledger: entry 10 says something else, everything else re-derived.
	 */
	private static void rewriteEverything(LedgerCopy copy, Connection connection, NoteSigner attacker)
			throws java.sql.SQLException {
		byte[] attackerChainKey = new byte[32];
		new SecureRandom().nextBytes(attackerChainKey);
		CompactRange tree = CompactRange.empty();
		Hash chain = ChainHmac.GENESIS;
		try (PreparedStatement update = connection.prepareStatement(
				"UPDATE ledger_entry SET leaf = ?, leaf_hash = ?, chain = ?, subtree_hashes = ? WHERE idx = ?");
				PreparedStatement signCheckpoint = connection
					.prepareStatement("UPDATE ledger_checkpoint SET root_hash = ?, note = ? WHERE tree_size = ?")) {
			for (LedgerCopy.Row row : copy.rows()) {
				byte[] leaf = (row.index() == 10) ? forgedLeaf(row.leaf(), "nobody") : row.leaf();
				Hash leafHash = Rfc6962.leafHash(leaf);
				chain = ChainHmac.next(attackerChainKey, chain, leafHash);
				update.setBytes(1, leaf);
				update.setBytes(2, leafHash.bytes());
				update.setBytes(3, chain.bytes());
				update.setBytes(4, concat(tree.append(leafHash)));
				update.setLong(5, row.index());
				update.executeUpdate();
				if (ledger.checkpointSizes().contains(tree.size())) {
					String note = attacker.sign(new Checkpoint(ORIGIN, tree.size(), tree.root()).body());
					signCheckpoint.setBytes(1, tree.root().bytes());
					signCheckpoint.setString(2, note);
					signCheckpoint.setLong(3, tree.size());
					signCheckpoint.executeUpdate();
				}
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static byte[] forgedLeaf(byte[] genuine, String actor) {
		Map<String, Object> event = (Map<String, Object>) Json
			.parse(new String(genuine, java.nio.charset.StandardCharsets.UTF_8));
		((Map<String, Object>) event.get("actor")).put("id", actor);
		return CanonicalJson.canonicalize(event);
	}

	private static void insertCopyOfLast(Connection connection, long index, byte[] leaf, byte[] leafHash, byte[] chain,
			byte[] subtrees) throws java.sql.SQLException {
		try (PreparedStatement insert = connection.prepareStatement("""
				INSERT INTO ledger_entry (idx, leaf, leaf_hash, chain, key_version, subtree_hashes, ts, type, actor_id,
				    actor_type, action, resource_type, resource_id, outcome)
				SELECT ?, ?, ?, ?, key_version, ?, ts, type, 'mallory', actor_type, action, resource_type, resource_id,
				    outcome
				FROM ledger_entry WHERE idx = ?
				""")) {
			insert.setLong(1, index);
			insert.setBytes(2, leaf);
			insert.setBytes(3, leafHash);
			insert.setBytes(4, chain);
			insert.setBytes(5, subtrees);
			insert.setLong(6, index - 1);
			insert.executeUpdate();
		}
	}

	private static byte[] concat(List<Hash> hashes) {
		byte[] bytes = new byte[hashes.size() * Hash.SIZE];
		for (int i = 0; i < hashes.size(); i++) {
			System.arraycopy(hashes.get(i).bytes(), 0, bytes, i * Hash.SIZE, Hash.SIZE);
		}
		return bytes;
	}

}
