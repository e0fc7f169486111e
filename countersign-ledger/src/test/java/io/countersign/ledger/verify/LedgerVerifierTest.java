package io.countersign.ledger.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.countersign.ledger.Hash;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.NoteSigner;
import io.countersign.ledger.testing.TestLedger;
import io.countersign.ledger.tree.CompactRange;
import io.countersign.ledger.tree.Rfc6962;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerVerifierTest {

	// Version 3 holds the same key as the test ledger's, version 2 another one.
	private static final ChainKeys KEYS = (version) -> switch (version) {
		case TestLedger.KEY_VERSION, 3 -> Optional.of(TestLedger.CHAIN_KEY);
		case 2 -> Optional.of("another chain key (not a secret)".getBytes(StandardCharsets.US_ASCII));
		default -> Optional.empty();
	};

	private final TestLedger ledger = new TestLedger(37);

	@Test
	void untouchedLedgerIsIntactAndReportsTheLargestCheckpoint() {
		VerifyResult result = verify(this.ledger.entries,
				List.of(this.ledger.checkpoint(37), this.ledger.checkpoint(10), this.ledger.checkpoint(0)),
				Optional.empty());
		assertThat(result).isInstanceOf(Intact.class);
		Intact intact = (Intact) result;
		assertThat(intact.entries()).isEqualTo(37);
		assertThat(intact.checkpointsChecked()).isEqualTo(3);
		assertThat(intact.latest()).isEqualTo(new Checkpoint("countersign.test/ledger", 37, this.ledger.root(37)));
	}

	@Test
	void withoutCheckpointsTheComputedRootIsReported() {
		Intact intact = (Intact) verify(this.ledger.entries, List.of(), Optional.empty());
		assertThat(intact.latest().root()).isEqualTo(this.ledger.root(37));
		assertThat(intact.checkpointsChecked()).isZero();
	}

	@Test
	void flippedLeafByteIsALeafHashMismatch() {
		List<StoredEntry> entries = copy();
		byte[] leaf = entries.get(12).leaf();
		leaf[leaf.length - 3] ^= 1;
		entries.set(12, TestLedger.withLeaf(entries.get(12), leaf, false));
		assertTampered(verify(entries), 12, Failure.LEAF_HASH_MISMATCH);
	}

	@Test
	void rewrittenLeafWithRecomputedHashBreaksTheChain() {
		List<StoredEntry> entries = copy();
		String leaf = new String(entries.get(5).leaf(), StandardCharsets.UTF_8).replace("user-5", "user-9");
		entries.set(5, TestLedger.withLeaf(entries.get(5), leaf.getBytes(StandardCharsets.UTF_8), true));
		Tampered tampered = assertTampered(verify(entries), 5, Failure.CHAIN_MISMATCH);
		assertThat(tampered.detail()).doesNotContain(Base64.getEncoder().encodeToString(TestLedger.CHAIN_KEY));
	}

	// Passing a client's event off as Countersign's own, or giving an old leaf a
	// submitter, rewrites the leaf like any other edit.
	@Test
	void rewrittenOrAddedSubmitterBreaksTheChain() {
		List<StoredEntry> rewritten = copy();
		String leaf = new String(rewritten.get(6).leaf(), StandardCharsets.UTF_8).replace(
				"\"submitter\":{\"account\":\"user-6\",\"credential\":\"token:t-6\"}",
				"\"submitter\":{\"account\":\"countersign\",\"credential\":\"internal\"}");
		assertThat(leaf).contains("internal");
		rewritten.set(6, TestLedger.withLeaf(rewritten.get(6), leaf.getBytes(StandardCharsets.UTF_8), true));
		assertTampered(verify(rewritten), 6, Failure.CHAIN_MISMATCH);

		List<StoredEntry> added = copy();
		String old = new String(added.get(7).leaf(), StandardCharsets.UTF_8);
		assertThat(old).doesNotContain("submitter");
		String withSubmitter = old.replace(",\"ts\":",
				",\"submitter\":{\"account\":\"countersign\",\"credential\":\"internal\"},\"ts\":");
		added.set(7, TestLedger.withLeaf(added.get(7), withSubmitter.getBytes(StandardCharsets.UTF_8), true));
		assertTampered(verify(added), 7, Failure.CHAIN_MISMATCH);
	}

	@Test
	void rewrittenLeafWithoutChainKeysIsCaughtByTheNextStoredNode() {
		List<StoredEntry> entries = copy();
		String leaf = new String(entries.get(4).leaf(), StandardCharsets.UTF_8).replace("user-4", "user-9");
		entries.set(4, TestLedger.withLeaf(entries.get(4), leaf.getBytes(StandardCharsets.UTF_8), true));
		LedgerVerifier verifier = new LedgerVerifier(this.ledger.signer.verifierKey(), Optional.empty(), List.of(),
				Optional.empty());
		entries.forEach(verifier::accept);
		// Row 5 stores node (1, 2) = nodeHash(leaf 4, leaf 5), the first stored hash over
		// the edit.
		assertTampered(verifier.finish(), 5, Failure.NODE_MISMATCH);
	}

	@Test
	void nonCanonicalLeafIsRejectedEvenWithAMatchingHash() {
		List<StoredEntry> entries = copy();
		String leaf = new String(entries.get(0).leaf(), StandardCharsets.UTF_8).replace(":", ": ");
		entries.set(0, TestLedger.withLeaf(entries.get(0), leaf.getBytes(StandardCharsets.UTF_8), true));
		assertTampered(verify(entries), 0, Failure.LEAF_NOT_CANONICAL);
		entries.set(0, TestLedger.withLeaf(entries.get(0), "not json".getBytes(), true));
		assertTampered(verify(entries), 0, Failure.LEAF_NOT_CANONICAL);
	}

	@Test
	void changedChainValueIsAChainMismatch() {
		List<StoredEntry> entries = copy();
		StoredEntry row = entries.get(20);
		entries.set(20, new StoredEntry(20, row.leaf(), row.leafHash(), Optional.of(Hash.ZERO), row.keyVersion(),
				row.subtreeHashes()));
		assertTampered(verify(entries), 20, Failure.CHAIN_MISMATCH);
	}

	@Test
	void deletedEntryIsAnIndexGapNamingTheMissingIndex() {
		List<StoredEntry> entries = copy();
		entries.remove(17);
		Tampered tampered = assertTampered(verify(entries), 17, Failure.INDEX_GAP);
		assertThat(tampered.detail()).contains("17").contains("18");
	}

	@Test
	void swappedEntriesAreCaught() {
		List<StoredEntry> reordered = copy();
		reordered.set(3, this.ledger.entries.get(4));
		reordered.set(4, this.ledger.entries.get(3));
		assertTampered(verify(reordered), 3, Failure.INDEX_GAP);
		List<StoredEntry> renumbered = copy();
		renumbered.set(3, TestLedger.withIndex(this.ledger.entries.get(4), 3));
		renumbered.set(4, TestLedger.withIndex(this.ledger.entries.get(3), 4));
		assertTampered(verify(renumbered), 3, Failure.CHAIN_MISMATCH);
	}

	@Test
	void forgedAppendedEntryWithoutTheChainKeyIsAChainMismatch() {
		List<StoredEntry> entries = copy();
		byte[] leaf = TestLedger.event(99).leaf();
		Hash leafHash = Rfc6962.leafHash(leaf);
		CompactRange tree = CompactRange.empty();
		entries.forEach((entry) -> tree.append(entry.leafHash()));
		List<Hash> subtrees = tree.append(leafHash);
		byte[] guessedKey = "attacker's guess".getBytes();
		Hash forgedChain = io.countersign.ledger.chain.ChainHmac.next(guessedKey, entries.get(36).chain().get(),
				leafHash);
		entries.add(new StoredEntry(37, leaf, leafHash, Optional.of(forgedChain), TestLedger.KEY_VERSION, subtrees));
		assertTampered(verify(entries), 37, Failure.CHAIN_MISMATCH);
	}

	@Test
	void unknownChainKeyVersionIsReported() {
		List<StoredEntry> entries = copy();
		StoredEntry row = entries.get(2);
		entries.set(2, new StoredEntry(2, row.leaf(), row.leafHash(), row.chain(), 7, row.subtreeHashes()));
		assertTampered(verify(entries), 2, Failure.UNKNOWN_KEY_VERSION);
	}

	// The verifier keeps the HMAC of the last version at hand: a change of version must
	// change the key.
	@Test
	void chainRelabelledWithAnotherKeyVersionIsAChainMismatch() {
		List<StoredEntry> entries = copy();
		StoredEntry row = entries.get(20);
		entries.set(20, new StoredEntry(20, row.leaf(), row.leafHash(), row.chain(), 2, row.subtreeHashes()));
		assertTampered(verify(entries), 20, Failure.CHAIN_MISMATCH);
	}

	@Test
	void entriesMayAlternateBetweenKeyVersions() {
		List<StoredEntry> entries = copy();
		for (int i = 1; i < entries.size(); i += 2) {
			StoredEntry row = entries.get(i);
			entries.set(i, new StoredEntry(i, row.leaf(), row.leafHash(), row.chain(), 3, row.subtreeHashes()));
		}
		assertThat(verify(entries)).isInstanceOf(Intact.class);
	}

	@Test
	void alteredStoredSubtreeHashIsANodeMismatch() {
		List<StoredEntry> entries = copy();
		StoredEntry row = entries.get(15);
		List<Hash> nodes = new ArrayList<>(row.subtreeHashes());
		nodes.set(2, Hash.ZERO);
		entries.set(15, new StoredEntry(15, row.leaf(), row.leafHash(), row.chain(), row.keyVersion(), nodes));
		Tampered tampered = assertTampered(verify(entries), 15, Failure.NODE_MISMATCH);
		assertThat(tampered.detail()).contains("level 3").contains(Hash.ZERO.base64());
	}

	@Test
	void ledgerShorterThanATrustedOrSignedCheckpointIsTruncated() {
		List<StoredEntry> truncated = copy().subList(0, 30);
		Checkpoint saved = new Checkpoint("countersign.test/ledger", 37, this.ledger.root(37));
		assertTampered(verify(truncated, List.of(this.ledger.checkpoint(20)), Optional.of(saved)), 30,
				Failure.TRUNCATED);
		assertTampered(verify(truncated, List.of(this.ledger.checkpoint(37)), Optional.empty()), 30, Failure.TRUNCATED);
		assertThat(verify(truncated, List.of(), Optional.of(new Checkpoint("x", 30, this.ledger.root(30)))))
			.isInstanceOf(Intact.class);
	}

	@Test
	void checkpointFromAnotherSignerIsRejected() {
		NoteSigner mallory = NoteSigner.generate("countersign.test/ledger");
		SignedCheckpoint forged = this.ledger.checkpoint(mallory, 37, this.ledger.root(37));
		assertTampered(verify(this.ledger.entries, List.of(forged), Optional.empty()), 36,
				Failure.CHECKPOINT_SIGNATURE);
	}

	@Test
	void signedCheckpointWithAnotherRootIsARootMismatch() {
		SignedCheckpoint lying = this.ledger.checkpoint(this.ledger.signer, 25, this.ledger.root(24));
		Tampered tampered = assertTampered(verify(this.ledger.entries, List.of(lying), Optional.empty()), 24,
				Failure.CHECKPOINT_ROOT_MISMATCH);
		assertThat(tampered.detail()).contains(this.ledger.root(24).base64()).contains(this.ledger.root(25).base64());
	}

	@Test
	void malformedCheckpointOrForeignOriginIsMalformed() {
		assertTampered(verify(this.ledger.entries, List.of(new SignedCheckpoint("garbage")), Optional.empty()),
				Failure.CHECKPOINT_MALFORMED);
		NoteSigner signer = this.ledger.signer;
		SignedCheckpoint foreign = new SignedCheckpoint(
				signer.sign(new Checkpoint("other.example/log", 37, this.ledger.root(37)).body()));
		assertTampered(verify(this.ledger.entries, List.of(foreign), Optional.empty()), 36,
				Failure.CHECKPOINT_MALFORMED);
	}

	@Test
	void chainIsNotCheckedWithoutKeys() {
		List<StoredEntry> entries = copy();
		StoredEntry row = entries.get(20);
		entries.set(20, new StoredEntry(20, row.leaf(), row.leafHash(), Optional.empty(), 0, row.subtreeHashes()));
		LedgerVerifier verifier = new LedgerVerifier(this.ledger.signer.verifierKey(), Optional.empty(), List.of(),
				Optional.empty());
		entries.forEach(verifier::accept);
		assertThat(verifier.finish()).isInstanceOf(Intact.class);
	}

	@Test
	void acceptStopsAtTheFirstFailure() {
		List<StoredEntry> entries = copy();
		entries.remove(3);
		LedgerVerifier verifier = new LedgerVerifier(this.ledger.signer.verifierKey(), Optional.of(KEYS), List.of(),
				Optional.empty());
		assertThat(verifier.accept(entries.get(0))).isTrue();
		assertThat(verifier.accept(entries.get(1))).isTrue();
		assertThat(verifier.accept(entries.get(2))).isTrue();
		assertThat(verifier.accept(entries.get(3))).isFalse();
		assertThat(verifier.accept(entries.get(4))).isFalse();
		assertTampered(verifier.finish(), 3, Failure.INDEX_GAP);
	}

	private List<StoredEntry> copy() {
		return new ArrayList<>(this.ledger.entries);
	}

	private VerifyResult verify(List<StoredEntry> entries) {
		return verify(entries, List.of(this.ledger.checkpoint(37)), Optional.empty());
	}

	private VerifyResult verify(List<StoredEntry> entries, List<SignedCheckpoint> checkpoints,
			Optional<Checkpoint> trusted) {
		LedgerVerifier verifier = new LedgerVerifier(this.ledger.signer.verifierKey(), Optional.of(KEYS), checkpoints,
				trusted);
		for (StoredEntry entry : entries) {
			if (!verifier.accept(entry)) {
				break;
			}
		}
		return verifier.finish();
	}

	private static Tampered assertTampered(VerifyResult result, long index, Failure failure) {
		assertThat(result).isInstanceOf(Tampered.class);
		Tampered tampered = (Tampered) result;
		assertThat(tampered.failure()).as(tampered.summary()).isEqualTo(failure);
		assertThat(tampered.index()).isEqualTo(OptionalLong.of(index));
		return tampered;
	}

	private static Tampered assertTampered(VerifyResult result, Failure failure) {
		assertThat(result).isInstanceOf(Tampered.class);
		assertThat(((Tampered) result).failure()).isEqualTo(failure);
		return (Tampered) result;
	}

}
