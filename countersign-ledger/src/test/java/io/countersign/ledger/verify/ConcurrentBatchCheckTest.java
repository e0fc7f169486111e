package io.countersign.ledger.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.countersign.ledger.Hash;
import io.countersign.ledger.testing.TestLedger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A verifier with leaf threads reports exactly what one without reports. */
class ConcurrentBatchCheckTest {

	private static final ChainKeys KEYS = (version) -> (version == TestLedger.KEY_VERSION)
			? Optional.of(TestLedger.CHAIN_KEY) : Optional.empty();

	private static final int SIZE = 1500; // spans several batches

	private final TestLedger ledger = new TestLedger(SIZE);

	@Test
	void intactLedgerIsIntact() {
		assertSameResult(this.ledger.entries);
		assertThat(verify(this.ledger.entries, 2)).isInstanceOf(Intact.class);
	}

	@Test
	void lowestFailureWinsWhicheverCheckFindsIt() {
		for (int at : new int[] { 0, 511, 512, 1499 }) {
			// not canonical (hash recomputed): canonical comes before the chain at one
			// index
			assertSameResult(with(at, nonCanonical(at)));
			// leaf hash mismatch: found by a worker, before the chain at that index
			byte[] flipped = this.ledger.entries.get(at).leaf().clone();
			flipped[flipped.length - 3] ^= 1;
			assertSameResult(with(at, TestLedger.withLeaf(this.ledger.entries.get(at), flipped, false)));
			// not canonical later than a chain break: the chain break wins
			List<StoredEntry> both = with(at, nonCanonical(at));
			int earlier = Math.max(0, at - 300);
			StoredEntry row = both.get(earlier);
			both.set(earlier, new StoredEntry(earlier, row.leaf(), row.leafHash(), Optional.of(Hash.ZERO),
					row.keyVersion(), row.subtreeHashes()));
			assertSameResult(both);
			// a gap after a non-canonical leaf
			List<StoredEntry> gap = with(at, nonCanonical(at));
			if (at + 1 < SIZE) {
				gap.remove(at + 1);
			}
			assertSameResult(gap);
		}
	}

	private StoredEntry nonCanonical(int at) {
		String leaf = new String(this.ledger.entries.get(at).leaf(), StandardCharsets.UTF_8).replace(":", ": ");
		return TestLedger.withLeaf(this.ledger.entries.get(at), leaf.getBytes(StandardCharsets.UTF_8), true);
	}

	private List<StoredEntry> with(int at, StoredEntry entry) {
		List<StoredEntry> entries = new ArrayList<>(this.ledger.entries);
		entries.set(at, entry);
		return entries;
	}

	private void assertSameResult(List<StoredEntry> entries) {
		assertThat(verify(entries, 2)).isEqualTo(verify(entries, 0));
	}

	private VerifyResult verify(List<StoredEntry> entries, int threads) {
		try (LedgerVerifier verifier = new LedgerVerifier(this.ledger.signer.verifierKey(), Optional.of(KEYS),
				List.of(this.ledger.checkpoint(SIZE)), Optional.empty(), threads)) {
			for (StoredEntry entry : entries) {
				if (!verifier.accept(entry)) {
					break;
				}
			}
			return verifier.finish();
		}
	}

}
