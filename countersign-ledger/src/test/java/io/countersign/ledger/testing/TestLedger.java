package io.countersign.ledger.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.countersign.ledger.Hash;
import io.countersign.ledger.chain.ChainHmac;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Event;
import io.countersign.ledger.event.Outcome;
import io.countersign.ledger.event.Resource;
import io.countersign.ledger.event.Source;
import io.countersign.ledger.event.Submitter;
import io.countersign.ledger.note.Checkpoint;
import io.countersign.ledger.note.NoteSigner;
import io.countersign.ledger.tree.CompactRange;
import io.countersign.ledger.tree.HashReader;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.ledger.verify.SignedCheckpoint;
import io.countersign.ledger.verify.StoredEntry;

/**
 * An in-memory ledger written the way the sequencer writes one, for attacking in tests.
 */
public final class TestLedger {

	public static final byte[] CHAIN_KEY = "test chain key v1 (not a secret)".getBytes();

	public static final int KEY_VERSION = 1;

	public final NoteSigner signer = NoteSigner.generate("countersign.test/ledger");

	public final List<StoredEntry> entries = new ArrayList<>();

	private final CompactRange tree = CompactRange.empty();

	private final List<Hash> roots = new ArrayList<>(List.of(Rfc6962.emptyRoot()));

	private Hash chain = ChainHmac.GENESIS;

	public TestLedger(int size) {
		for (int i = 0; i < size; i++) {
			append(event(i).leaf());
		}
	}

	/**
	 * Event {@code i}; even ones name their submitter, odd ones are written as leaves
	 * were before the submitter existed, so every ledger here mixes both formats.
	 */
	public static Event event(int i) {
		Event event = new Event(Event.newId(), Instant.parse("2026-11-23T13:47:28.123Z").plusSeconds(i), "authz_fail",
				new Actor("user-" + i, "user"), Optional.of("read"), Optional.of(new Resource("secret", "s-" + i)),
				Outcome.DENIED, Optional.empty(), Optional.of(new Source(Optional.of("10.0.0." + i), Optional.empty())),
				Map.of(), Map.of("attempt", (long) i), Event.newNonce());
		return (i % 2 == 0) ? event.withSubmitter(new Submitter("user-" + i, "token:t-" + i)) : event;
	}

	public void append(byte[] leaf) {
		Hash leafHash = Rfc6962.leafHash(leaf);
		this.chain = ChainHmac.next(CHAIN_KEY, this.chain, leafHash);
		List<Hash> subtrees = this.tree.append(leafHash);
		this.entries
			.add(new StoredEntry(this.entries.size(), leaf, leafHash, Optional.of(this.chain), KEY_VERSION, subtrees));
		this.roots.add(this.tree.root());
	}

	public Hash root(long size) {
		return this.roots.get((int) size);
	}

	public SignedCheckpoint checkpoint(long size) {
		return checkpoint(this.signer, size, root(size));
	}

	public SignedCheckpoint checkpoint(NoteSigner by, long size, Hash root) {
		return new SignedCheckpoint(by.sign(new Checkpoint(by.verifierKey().name(), size, root).body()));
	}

	/**
	 * Reads stored nodes: node (L, k) lives in row ((k + 1) << L) - 1 at position L - 1.
	 */
	public HashReader reader() {
		return (ids) -> ids.stream().map((id) -> {
			StoredEntry row = this.entries.get((int) id.lastLeaf());
			return (id.level() == 0) ? row.leafHash() : row.subtreeHashes().get(id.level() - 1);
		}).toList();
	}

	public static StoredEntry withLeaf(StoredEntry entry, byte[] leaf, boolean rehash) {
		return new StoredEntry(entry.index(), leaf, rehash ? Rfc6962.leafHash(leaf) : entry.leafHash(), entry.chain(),
				entry.keyVersion(), entry.subtreeHashes());
	}

	public static StoredEntry withIndex(StoredEntry entry, long index) {
		return new StoredEntry(index, entry.leaf(), entry.leafHash(), entry.chain(), entry.keyVersion(),
				entry.subtreeHashes());
	}

}
